// Package wal keeps a write-ahead log of committed blocks, one file (segment)
// per block index, so a node can replay blocks it has not yet stored.
package wal

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"sync"
)

// WAL is the node-wide log directory.
type WAL struct {
	dir      string
	segments map[uint32]*segment
	mu       sync.RWMutex
}

type chainWAL struct {
	*WAL
	chainID string
}

type segmentFile interface {
	Stat() (os.FileInfo, error)
	io.Writer
	io.Closer
	io.Reader
}

type segment struct {
	segmentFile
	index uint32
	dir   string
}

// New returns a WAL rooted at dir.
func New(dir string) *WAL {
	return &WAL{dir: dir}
}

// NewChainWAL opens (creating it if needed) the log of one chain and indexes
// the segments already on disk.
func (w *WAL) NewChainWAL(chainID string) (*chainWAL, error) {
	w.dir = filepath.Join(w.dir, chainID)
	if err := os.MkdirAll(w.dir, 0o777); err != nil {
		return nil, fmt.Errorf("create dir: %w", err)
	}
	f, err := os.Open(w.dir)
	if err != nil {
		return nil, fmt.Errorf("could not open wal: %w", err)
	}

	w.segments = make(map[uint32]*segment)
	files, _ := f.ReadDir(-1)
	for _, file := range files {
		index, _ := strconv.ParseUint(file.Name(), 10, 32)
		w.segments[uint32(index)] = &segment{index: uint32(index), dir: w.dir}
	}
	return &chainWAL{w, chainID}, nil
}

// blockIndex reads the index a serialized block starts with.
func blockIndex(block []byte) (uint32, error) {
	if len(block) < 4 {
		return 0, errors.New("invalid block")
	}
	return binary.LittleEndian.Uint32(block), nil
}

// Write stores a committed block in its own segment.
func (w *chainWAL) Write(bytes []byte) error {
	w.mu.Lock()
	defer w.mu.Unlock()

	index, err := blockIndex(bytes)
	if err != nil {
		return fmt.Errorf("invalid block: %w", err)
	}
	segment, err := w.createSegment(index)
	if err != nil {
		return fmt.Errorf("writing log: %w", err)
	}
	n, err := segment.Write(bytes)
	if err != nil || len(bytes) != n {
		return fmt.Errorf("writing log: %w", err)
	}
	return segment.Close()
}

func (w *chainWAL) createSegment(i uint32) (*segment, error) {
	f, err := os.OpenFile(segmentName(w.dir, i), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o666)
	if err != nil {
		return nil, fmt.Errorf("could not create segment: %w", err)
	}
	s := &segment{index: i, segmentFile: f, dir: w.dir}
	w.segments[i] = s
	return s, nil
}

func segmentName(dir string, index uint32) string {
	return filepath.Join(dir, fmt.Sprintf("%010d", index))
}

// Contains reports whether the block with index i is in the log.
func (w *chainWAL) Contains(i uint32) bool {
	return w.getSegment(i) != nil
}

// Read returns the block with index i; the state manager calls it for every
// block it has to catch up on.
func (w *chainWAL) Read(i uint32) ([]byte, error) {
	segment := w.getSegment(i)
	if segment == nil {
		return nil, errors.New("block not found in wal")
	}
	if err := segment.load(); err != nil {
		return nil, fmt.Errorf("opening backup file: %w", err)
	}
	stat, err := segment.Stat()
	if err != nil {
		return nil, fmt.Errorf("reading backup file: %w", err)
	}
	blockBytes := make([]byte, stat.Size())
	n, err := bufio.NewReader(segment).Read(blockBytes)
	if err != nil || int64(n) != stat.Size() {
		return nil, fmt.Errorf("reading backup file: %w", err)
	}
	return blockBytes, nil
}

func (w *chainWAL) getSegment(i uint32) *segment {
	segment, ok := w.segments[i]
	if ok {
		return segment
	}
	return nil
}

func (s *segment) load() error {
	f, err := os.OpenFile(segmentName(s.dir, s.index), os.O_RDONLY, 0o666)
	if err != nil {
		return fmt.Errorf("error opening segment: %w", err)
	}
	s.segmentFile = f
	return nil
}
