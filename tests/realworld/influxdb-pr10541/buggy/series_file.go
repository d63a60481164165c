package tsdb

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sync"
)

// SeriesFilePartitionN is the number of partitions a series file is split into.
const SeriesFilePartitionN = 8

// SeriesFile holds the series keys of a database, split into partitions.
type SeriesFile struct {
	path       string
	partitions []*SeriesPartition

	refs sync.RWMutex // tracks references to the SeriesFile that are in use.
}

// NewSeriesFile returns a new instance of SeriesFile.
func NewSeriesFile(path string) *SeriesFile {
	return &SeriesFile{path: path}
}

// Open opens all the partitions of the series file.
func (f *SeriesFile) Open() error {
	// Wait for all references to be released and prevent new ones from being acquired.
	f.refs.Lock()
	defer f.refs.Unlock()

	if err := os.MkdirAll(filepath.Join(f.path), 0777); err != nil {
		return err
	}

	f.partitions = make([]*SeriesPartition, 0, SeriesFilePartitionN)
	for i := 0; i < SeriesFilePartitionN; i++ {
		p := NewSeriesPartition(i, f.SeriesPartitionPath(i))
		if err := p.Open(); err != nil {
			log.Printf("Unable to open series file %s partition %d: %v", f.path, p.ID(), err)
			f.Close()
			return err
		}
		f.partitions = append(f.partitions, p)
	}
	return nil
}

// Close closes all the partitions of the series file.
func (f *SeriesFile) Close() (err error) {
	f.refs.Lock()
	defer f.refs.Unlock()

	for _, p := range f.partitions {
		if e := p.Close(); e != nil && err == nil {
			err = e
		}
	}
	return err
}

// SeriesPartitionPath returns the path to a given partition.
func (f *SeriesFile) SeriesPartitionPath(i int) string {
	return filepath.Join(f.path, fmt.Sprintf("%02x", i))
}

// Retain adds a reference to the file. It returns the release func.
func (f *SeriesFile) Retain() func() {
	f.refs.RLock()
	return f.refs.RUnlock
}

// SeriesCount returns the number of series.
func (f *SeriesFile) SeriesCount() uint64 {
	release := f.Retain()
	defer release()

	var n uint64
	for _, p := range f.partitions {
		n += p.SeriesCount()
	}
	return n
}
