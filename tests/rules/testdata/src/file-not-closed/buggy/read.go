package buggy

import (
	"errors"
	"io"
	"os"
)

var errShort = errors.New("short header")

// shape: a header check returns before Close
func Header(path string) ([]byte, error) {
	f, err := os.Open(path) // want "file-not-closed: too many open files"
	if err != nil {
		return nil, err
	}
	hdr := make([]byte, 4)
	if _, err := io.ReadFull(f, hdr); err != nil {
		return nil, errShort
	}
	f.Close()
	return hdr, nil
}

// shape: a Stat error returns before the Close at the end
func Size(path string) (int64, error) {
	f, err := os.Open(path) // want "file-not-closed: too many open files"
	if err != nil {
		return 0, err
	}
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	f.Close()
	return st.Size(), nil
}
