package tsdb

import (
	"errors"
	"os"
	"path/filepath"
	"sync"
)

// ErrSeriesPartitionClosed is returned when a closed partition is used.
var ErrSeriesPartitionClosed = errors.New("tsdb: series partition closed")

// SeriesPartition is one of the partitions of a series file: a directory of
// segment files and an index.
type SeriesPartition struct {
	mu   sync.RWMutex
	id   int
	path string

	segments []*os.File
	seq      uint64
}

// NewSeriesPartition returns a new instance of SeriesPartition.
func NewSeriesPartition(id int, path string) *SeriesPartition {
	return &SeriesPartition{id: id, path: path, seq: uint64(id) + 1}
}

// ID returns the partition id.
func (p *SeriesPartition) ID() int { return p.id }

// Open opens the segments of the partition. A corrupt or unreadable segment
// makes it fail.
func (p *SeriesPartition) Open() error {
	p.mu.Lock()
	defer p.mu.Unlock()

	if err := os.MkdirAll(p.path, 0777); err != nil {
		return err
	}
	names, err := filepath.Glob(filepath.Join(p.path, "[0-9a-f][0-9a-f][0-9a-f][0-9a-f]"))
	if err != nil {
		return err
	}
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		p.segments = append(p.segments, f)
	}
	return nil
}

// Close closes the segment files.
func (p *SeriesPartition) Close() (err error) {
	p.mu.Lock()
	defer p.mu.Unlock()

	for _, s := range p.segments {
		if e := s.Close(); e != nil && err == nil {
			err = e
		}
	}
	p.segments = nil
	return err
}

// SeriesCount returns the number of series in the partition.
func (p *SeriesPartition) SeriesCount() uint64 {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return uint64(len(p.segments))
}
