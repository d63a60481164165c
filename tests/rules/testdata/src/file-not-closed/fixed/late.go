package fixed

import (
	"errors"
	"os"
)

func firstByte(path string) (byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return 0, err
	}
	if info.Size() == 0 {
		return 0, errors.New("empty file")
	}
	b := make([]byte, 1)
	_, err = f.Read(b)
	return b[0], err
}
