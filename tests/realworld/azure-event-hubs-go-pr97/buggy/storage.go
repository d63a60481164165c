package storage

import (
	"context"
	"sync"
	"time"
)

// BlobStore is the stand-in for the Azure blob container the leases live in.
type BlobStore interface {
	Upload(ctx context.Context, partitionID string, data []byte) error
}

type storageLease struct {
	PartitionID string
	Offset      string
}

func (l *storageLease) encode() []byte {
	return []byte(l.PartitionID + ":" + l.Offset)
}

type dirtyResult struct {
	PartitionID string
	Err         error
}

// LeaserCheckpointer keeps partition leases and checkpoints in blob storage.
// Updated leases are marked dirty and written back by a background loop.
type LeaserCheckpointer struct {
	store                    BlobStore
	LeasePersistenceInterval time.Duration

	leasesMu        sync.Mutex
	leases          map[string]*storageLease
	dirtyPartitions map[string]struct{}

	done func()
}

// NewLeaserCheckpointer returns a leaser / checkpointer writing to store.
func NewLeaserCheckpointer(store BlobStore) *LeaserCheckpointer {
	return &LeaserCheckpointer{
		store:                    store,
		LeasePersistenceInterval: 5 * time.Second,
		leases:                   make(map[string]*storageLease),
		dirtyPartitions:          make(map[string]struct{}),
	}
}

// SetEventHostProcessor starts the loop persisting dirty leases.
func (sl *LeaserCheckpointer) SetEventHostProcessor() {
	ctx, cancel := context.WithCancel(context.Background())
	sl.done = cancel
	go sl.persistLeases(ctx)
}

// UpdateCheckpoint records a new offset for a partition and marks it dirty.
func (sl *LeaserCheckpointer) UpdateCheckpoint(partitionID, offset string) {
	sl.leasesMu.Lock()
	defer sl.leasesMu.Unlock()
	lease, ok := sl.leases[partitionID]
	if !ok {
		lease = &storageLease{PartitionID: partitionID}
		sl.leases[partitionID] = lease
	}
	lease.Offset = offset
	sl.dirtyPartitions[partitionID] = struct{}{}
}

// Close stops persisting dirty leases and checkpoints to storage.
func (sl *LeaserCheckpointer) Close() error {
	if sl.done != nil {
		sl.done()
	}
	return nil
}

func (sl *LeaserCheckpointer) persistLeases(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		default:
			_ = sl.persistDirtyPartitions(ctx)
			time.Sleep(sl.LeasePersistenceInterval)
		}
	}
}

func (sl *LeaserCheckpointer) persistDirtyPartitions(ctx context.Context) error {
	sl.leasesMu.Lock()
	defer sl.leasesMu.Unlock()

	resCh := make(chan dirtyResult)

	// write every dirty partition to storage concurrently
	for pid := range sl.dirtyPartitions {
		go func(id string) {
			err := sl.persistLease(ctx, id)
			select {
			case <-ctx.Done():
				return
			case resCh <- dirtyResult{PartitionID: id, Err: err}:
			}
		}(pid)
	}

	// collect the results; each one removes its partition from the dirty set
	var lastErr error
	for i := 0; i < len(sl.dirtyPartitions); i++ {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case res := <-resCh:
			if res.Err != nil {
				lastErr = res.Err
			}
			delete(sl.dirtyPartitions, res.PartitionID)
		}
	}
	return lastErr
}

func (sl *LeaserCheckpointer) persistLease(ctx context.Context, partitionID string) error {
	lease, ok := sl.leases[partitionID]
	if !ok {
		return nil
	}
	return sl.store.Upload(ctx, partitionID, lease.encode())
}
