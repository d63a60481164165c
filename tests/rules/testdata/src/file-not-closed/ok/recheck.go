package ok

import "os"

// shape: an opener that checks the open's error twice: the second check can never fail, so
// its return drops nothing.

type indexedFile struct {
	path string
	file *os.File
}

// Reopen returns a new handle on the same file.
func (old *indexedFile) Reopen() (*indexedFile, error) {
	f := &indexedFile{path: old.path}
	var err error
	f.file, err = os.Open(f.path)
	if err != nil {
		return nil, err
	}
	if err != nil {
		return nil, err
	}
	return f, nil
}
