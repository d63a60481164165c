package buggy

import (
	"errors"
	"os"
)

// An empty file returns before the close is deferred.
func firstByte(path string) (byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	info, err := f.Stat()
	if err != nil {
		return 0, err
	}
	if info.Size() == 0 {
		return 0, errors.New("empty file")
	}
	defer f.Close() // want "file-not-closed: `defer f.Close..` comes too late"
	b := make([]byte, 1)
	_, err = f.Read(b)
	return b[0], err
}
