package ok

import (
	"errors"
	"log"
	"os"
)

type Store struct {
	f   *os.File
	err error
}

func (s *Store) init() error {
	if _, err := s.f.Stat(); err != nil {
		s.f.Close()
		return err
	}
	return nil
}

// shape: the holder's own method runs before the error return and may release the file
func OpenStore(path string) (*Store, error) {
	s := &Store{}
	var err error
	s.f, err = os.Open(path)
	if err != nil {
		return nil, err
	}
	if err := s.init(); err != nil {
		return nil, err
	}
	return s, nil
}

var errEmpty = errors.New("empty")

// shape: a deferred cleanup closes the file whenever the function fails
func OpenNonEmpty(path string) (f *os.File, err error) {
	f, err = os.Open(path)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			f.Close()
		}
	}()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.Size() == 0 {
		return nil, errEmpty
	}
	return f, nil
}

// shape: the file itself is the result on every path that keeps it
func OpenChecked(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	if _, err := f.Stat(); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// shape: the open's own error is checked after other checks of it; that return holds no file
func OpenOrMissing(path string) (*Store, error) {
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return &Store{err: err}, nil
	}
	if err != nil {
		return nil, err
	}
	return &Store{f: f}, nil
}

type logOptions struct{ errorLog *log.Logger }

func setErrorLog(o *logOptions, l *log.Logger) { o.errorLog = l }

// shape: the file is wrapped in a logger that the client keeps for its lifetime
func configureLogs(o *logOptions, path string) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	l := log.New(f, "", 0)
	setErrorLog(o, l)
	return nil
}

// shape: the process log goes to the file from now on
func logToFile(path string) error {
	lfp, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	log.SetOutput(lfp)
	return nil
}
