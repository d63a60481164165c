package fixed

import (
	"fmt"
	"os"
)

type Device struct {
	file    *os.File
	version int
}

func probe(fd uintptr) (int, error) {
	if fd == 0 {
		return 0, fmt.Errorf("not a device")
	}
	return 1, nil
}

// shape: the probe error closes the file before dropping the struct
func OpenDevice(path string) (*Device, error) {
	d := &Device{}
	var err error
	d.file, err = os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return nil, err
	}
	d.version, err = probe(d.file.Fd())
	if err != nil {
		_ = d.file.Close()
		return nil, fmt.Errorf("probe %s: %v", path, err)
	}
	return d, nil
}

type Log struct {
	f    *os.File
	size int64
}

// shape: the Stat error closes the file
func OpenLog(path string) (*Log, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	return &Log{f: f, size: st.Size()}, nil
}
