package core

import (
	"errors"
	"os"
)

var (
	// ErrFileRequired is returned when the path names a directory.
	ErrFileRequired = errors.New("file required")

	// ErrFileEmpty is returned when the file has no content.
	ErrFileEmpty = errors.New("file is empty")
)

// File is a file on disk seen as iterable upload data.
type File struct {
	os.FileInfo
	underlying *os.File
	size       int64
}

// Open opens a file on disk for upload. The descriptor belongs to the
// returned *File on success only.
func Open(name string) (_ *File, err error) {
	file, err := os.Open(name)
	if err != nil {
		return nil, err
	}

	// Close the descriptor on every validation failure below.
	defer func() {
		if err != nil {
			file.Close()
		}
	}()

	info, err := file.Stat()
	if err != nil {
		return nil, err
	}

	if info.IsDir() {
		return nil, ErrFileRequired
	}

	if info.Size() == 0 {
		return nil, ErrFileEmpty
	}

	return &File{FileInfo: info, underlying: file, size: info.Size()}, nil
}

func (file *File) Read(buf []byte, offset int64) (int, error) {
	return file.underlying.ReadAt(buf, offset)
}

func (file *File) Size() int64 { return file.size }

func (file *File) Close() error { return file.underlying.Close() }
