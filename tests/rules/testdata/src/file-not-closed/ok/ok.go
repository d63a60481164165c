package ok

import (
	"bufio"
	"os"
)

// shape: the file is returned to the caller
func Open(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	return f, nil
}

// shape: wrapped in a struct that owns it
type Log struct {
	f *os.File
	w *bufio.Writer
}

func NewLog(path string) (*Log, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	return &Log{f: f, w: bufio.NewWriter(f)}, nil
}

// shape: the error path closes before returning
func Lines(path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return 0, err
	}
	f.Close()
	return int(st.Size()), nil
}
