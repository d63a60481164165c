package ok

import (
	"errors"
	"sync"
)

// DB hands out transactions; each holds the mmap read lock for its whole life.
type DB struct {
	mmaplock sync.RWMutex
	open     bool
	txs      int
}

// beginTx takes the read lock the transaction keeps; it gives it back only when it fails.
func (db *DB) beginTx() (int, error) {
	db.mmaplock.RLock()
	if !db.open {
		db.mmaplock.RUnlock()
		return 0, errors.New("database not open")
	}
	db.txs++
	return db.txs, nil
}

// shape: the release of what beginTx took, in another method
func (db *DB) removeTx() {
	db.mmaplock.RUnlock()
}

// rollback ends a transaction.
func (db *DB) rollback() {
	db.txs--
	db.removeTx()
}
