package ok

// Txn collects writes; it is not safe for concurrent use.
type Txn struct {
	pending map[string]int
}

// DB hands out transactions.
type DB struct {
	opened int
}

// NewTxn starts an empty transaction.
func (db *DB) NewTxn() *Txn {
	db.opened++
	return &Txn{pending: map[string]int{}}
}

// shape: a type that is not safe for concurrent use, run from many goroutines only by the
// package's tests (each goroutine with its own transaction)
func (t *Txn) Set(key string, v int) {
	t.pending[key] = v
}

// Get reads a pending write.
func (t *Txn) Get(key string) int {
	return t.pending[key]
}
