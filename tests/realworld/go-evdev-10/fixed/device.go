package evdev

import (
	"errors"
	"fmt"
	"os"
)

type InputDevice struct {
	file          *os.File
	driverVersion int32
}

var errNotInput = errors.New("not an input device")

func ioctlEVIOCGVERSION(fd uintptr) (int32, error) {
	if fd == 0 {
		return 0, errNotInput
	}
	return 0x010001, nil
}

func Open(path string) (*InputDevice, error) {
	d := &InputDevice{}

	var err error
	d.file, err = os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return nil, err
	}

	d.driverVersion, err = ioctlEVIOCGVERSION(d.file.Fd())
	if err != nil {
		_ = d.file.Close()
		return nil, fmt.Errorf("cannot get driver version: %v", err)
	}

	return d, nil
}

func (d *InputDevice) Close() error { return d.file.Close() }
