package lotusdb

import (
	"context"
	"time"
)

// waitMemSpace hands a full active memtable to the flusher and opens a new
// one, giving up after MemSpaceWaitTimeout.
func (cf *ColumnFamily) waitMemSpace() error {
	cf.mu.Lock()
	defer cf.mu.Unlock()
	if !cf.activeMem.isFull() {
		return nil
	}

	timer := time.NewTimer(cf.opts.MemSpaceWaitTimeout)
	defer timer.Stop()
	select {
	case cf.flushChn <- cf.activeMem:
		cf.immuMems = append(cf.immuMems, cf.activeMem)
		table, err := openMemtable(memOptions{
			path:    cf.opts.WalDir,
			fid:     cf.activeMem.logFileId() + 1,
			memSize: cf.opts.MemtableSize,
		})
		if err != nil {
			return err
		}
		cf.activeMem = table
	case <-timer.C:
		return ErrWaitMemSpaceTimeout
	}
	return nil
}

// listenAndFlush writes each immutable memtable to the index and drops it.
func (cf *ColumnFamily) listenAndFlush(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case table := <-cf.flushChn:
			entries := table.entries()
			cf.mu.Lock()
			for k, v := range entries {
				cf.indexer[k] = v
			}
			if len(cf.immuMems) > 1 {
				cf.immuMems = cf.immuMems[1:]
			} else {
				cf.immuMems = cf.immuMems[:0]
			}
			cf.mu.Unlock()
		}
	}
}
