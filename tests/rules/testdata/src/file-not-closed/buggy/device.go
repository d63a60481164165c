package buggy

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

// shape: the file is kept in the struct returned on success; the probe error drops both
func OpenDevice(path string) (*Device, error) {
	d := &Device{}
	var err error
	d.file, err = os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return nil, err
	}
	d.version, err = probe(d.file.Fd())
	if err != nil {
		return nil, fmt.Errorf("probe %s: %v", path, err) // want "file-not-closed: This error return drops `d.file`"
	}
	return d, nil
}

type Log struct {
	f    *os.File
	size int64
}

// shape: the file is returned inside a new struct; the Stat error before it drops the file
func OpenLog(path string) (*Log, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		return nil, err // want "file-not-closed: This error return drops `f`"
	}
	return &Log{f: f, size: st.Size()}, nil
}
