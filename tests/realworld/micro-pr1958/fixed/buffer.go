package buffer

import (
	"errors"
	"io"
	"os"
)

type Buffer struct {
	Path    string
	content []byte
	modTime int64
}

var errIsDir = errors.New("is a directory")

func NewBufferFromFile(path string) (*Buffer, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	fi, err := file.Stat()
	if err != nil {
		file.Close()
		return nil, err
	}
	if fi.IsDir() {
		file.Close()
		return nil, errIsDir
	}
	content, err := io.ReadAll(file)
	file.Close()
	if err != nil {
		return nil, err
	}
	return &Buffer{Path: path, content: content, modTime: fi.ModTime().Unix()}, nil
}
