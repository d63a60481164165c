package ok

import (
	"errors"
	"io/fs"
	"os"
	"strings"
)

// shape: a reservation file created exclusively: an existing one is a miss, not a leak (the
// create failed, and there is no file to close)
func reserve(path, id string) (bool, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_EXCL|os.O_CREATE, 0o644)
	if os.IsExist(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if _, err := f.WriteString(strings.TrimSpace(id)); err != nil {
		f.Close()
		return false, err
	}
	return true, f.Close()
}

// shape: a marker file whose absence is an answer; the file is closed when the create worked
func touchMarker(path string) bool {
	f, err := os.Create(path)
	if os.IsNotExist(err) {
		return false
	} else if err == nil {
		f.Close()
		return true
	}
	return false
}

// shape: a missing file told apart with errors.Is before the plain error check
func readHeader(path string) ([]byte, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	hdr := make([]byte, 8)
	_, err = f.Read(hdr)
	return hdr, err
}

// shape: a path error is an answer of its own; the file is closed once it was opened
func objectSize(path string, want int64) (bool, error) {
	f, err := os.Open(path)
	if pErr, ok := err.(*os.PathError); ok {
		return want == 0 && pErr.Err != nil, nil
	}
	if err != nil {
		return false, err
	}
	st, err := f.Stat()
	f.Close()
	if err != nil {
		return false, err
	}
	return st.Size() == want, nil
}
