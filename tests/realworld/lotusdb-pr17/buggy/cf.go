package lotusdb

import (
	"context"
	"errors"
	"sync"
	"time"
)

var ErrWaitMemSpaceTimeout = errors.New("wait for memtable space timeout")

type ColumnFamilyOptions struct {
	WalDir              string
	MemtableSize        int64
	MemtableNums        int
	MemSpaceWaitTimeout time.Duration
}

// ColumnFamily writes into an active memtable; full memtables are handed to
// a flusher goroutine and kept as immutable until they are flushed.
type ColumnFamily struct {
	mu        sync.RWMutex
	activeMem *memtable
	immuMems  []*memtable
	flushChn  chan *memtable
	indexer   map[string][]byte
	opts      ColumnFamilyOptions
}

func OpenColumnFamily(ctx context.Context, opts ColumnFamilyOptions) (*ColumnFamily, error) {
	mem, err := openMemtable(memOptions{path: opts.WalDir, fid: 0, memSize: opts.MemtableSize})
	if err != nil {
		return nil, err
	}
	cf := &ColumnFamily{
		activeMem: mem,
		flushChn:  make(chan *memtable, opts.MemtableNums-1),
		indexer:   make(map[string][]byte),
		opts:      opts,
	}
	go cf.listenAndFlush(ctx)
	return cf, nil
}

// Put waits until the active memtable has room, then writes to it.
func (cf *ColumnFamily) Put(key, value []byte) error {
	if err := cf.waitMemSpace(); err != nil {
		return err
	}
	cf.mu.Lock()
	defer cf.mu.Unlock()
	cf.activeMem.put(key, value)
	return nil
}
