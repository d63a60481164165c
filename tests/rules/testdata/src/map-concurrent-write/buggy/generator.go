package buggy

import (
	"fmt"
	"sync"
)

type pageID int

// pageStore is used by one transaction at a time; its writer holds the store's lock.
type pageStore struct {
	mu      sync.Mutex
	pending map[pageID]bool
}

func (ps *pageStore) free(id pageID) { ps.pending[id] = true } // want "map-range-during-write: fatal error: concurrent map iteration and map write"

// Release forgets a page once no reader can see it.
func (ps *pageStore) Release(id pageID) {
	ps.mu.Lock()
	delete(ps.pending, id)
	ps.mu.Unlock()
}

func (ps *pageStore) pendingCount() int {
	n := 0
	for range ps.pending { // want "map-range-during-write: fatal error: concurrent map iteration and map write"
		n++
	}
	return n
}

type writeTxn struct{ store *pageStore }

// Verify checks the transaction in the background and reports problems on the channel it
// returns, which it closes when done.
func (tx *writeTxn) Verify() <-chan error {
	ch := make(chan error, 1)
	go tx.verify(ch)
	return ch
}

func (tx *writeTxn) verify(ch chan error) {
	if tx.store.pendingCount() < 0 {
		ch <- fmt.Errorf("negative pending count")
	}
	close(ch)
}

// Commit takes only the first report: the goroutine may still be counting while the
// commit frees pages.
func (tx *writeTxn) Commit(strict bool) error {
	if strict {
		select {
		case err := <-tx.Verify():
			if err != nil {
				return err
			}
		default:
		}
	}
	tx.store.mu.Lock()
	defer tx.store.mu.Unlock()
	tx.store.free(1)
	return nil
}

// Audit ranges over the generator directly.
func (tx *writeTxn) Audit() int {
	n := 0
	for range tx.Verify() {
		n++
	}
	tx.store.free(2)
	return n
}
