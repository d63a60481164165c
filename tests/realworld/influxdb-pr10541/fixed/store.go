package tsdb

import (
	"path/filepath"
	"sync"
)

// Store opens the series files of the databases when influxd starts.
type Store struct {
	mu        sync.RWMutex
	path      string
	sfiles    map[string]*SeriesFile
	databases []string
}

// NewStore returns a store rooted at path.
func NewStore(path string, databases []string) *Store {
	return &Store{path: path, databases: databases, sfiles: make(map[string]*SeriesFile)}
}

// Open opens the series file of every database; influxd start-up waits on it.
func (s *Store) Open() error {
	s.mu.Lock()
	defer s.mu.Unlock()

	for _, db := range s.databases {
		if _, err := s.openSeriesFile(db); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) openSeriesFile(database string) (*SeriesFile, error) {
	if sfile := s.sfiles[database]; sfile != nil {
		return sfile, nil
	}

	sfile := NewSeriesFile(filepath.Join(s.path, database, "_series"))
	if err := sfile.Open(); err != nil {
		return nil, err
	}
	s.sfiles[database] = sfile
	return sfile, nil
}
