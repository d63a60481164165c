package wallet

import "sync"

// DB stands in for the bbolt-backed walletdb: only one read-write
// transaction can be open at a time.
type DB struct {
	writer sync.Mutex // held for the whole life of a read-write transaction

	returned map[uint32]uint32 // account -> last returned child index
	tickets  []*Ticket
}

// NewDB returns an empty database.
func NewDB() *DB {
	return &DB{returned: make(map[uint32]uint32)}
}

// ReadWriteTx is an open read-write transaction.
type ReadWriteTx struct {
	db *DB
}

// Update runs f inside a read-write transaction.
func (db *DB) Update(f func(tx *ReadWriteTx) error) error {
	db.writer.Lock()
	defer db.writer.Unlock()
	return f(&ReadWriteTx{db: db})
}

// MarkReturnedChildIndex records that child was handed out for account.
func (tx *ReadWriteTx) MarkReturnedChildIndex(account, child uint32) error {
	if child > tx.db.returned[account] {
		tx.db.returned[account] = child
	}
	return nil
}

// PutTicket stores a purchased ticket.
func (tx *ReadWriteTx) PutTicket(t *Ticket) error {
	tx.db.tickets = append(tx.db.tickets, t)
	return nil
}
