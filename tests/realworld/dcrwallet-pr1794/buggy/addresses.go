package wallet

import (
	"errors"
	"fmt"
	"sync"
)

type addressBuffer struct {
	lastUsed uint32
	cursor   uint32 // added to lastUsed to derive the next child
}

// Wallet derives addresses and buys tickets.
type Wallet struct {
	db *DB

	addressBuffersMu sync.Mutex
	addressBuffers   map[uint32]*addressBuffer
}

// New returns a wallet with one address buffer per account.
func New(db *DB, accounts ...uint32) *Wallet {
	w := &Wallet{db: db, addressBuffers: make(map[uint32]*addressBuffer)}
	for _, a := range accounts {
		w.addressBuffers[a] = &addressBuffer{}
	}
	return w
}

var errUnknownAccount = errors.New("unknown account")

// persistReturnedChildFunc writes the child index of a returned address.
type persistReturnedChildFunc func(account, child uint32) error

// persistReturnedChild returns a persistReturnedChildFunc that either uses
// the already open transaction maybeDBTX or, when it is nil, opens one.
func (w *Wallet) persistReturnedChild(maybeDBTX *ReadWriteTx) persistReturnedChildFunc {
	return func(account, child uint32) error {
		if maybeDBTX != nil {
			return maybeDBTX.MarkReturnedChildIndex(account, child)
		}
		return w.db.Update(func(tx *ReadWriteTx) error {
			return tx.MarkReturnedChildIndex(account, child)
		})
	}
}

// nextAddress returns the next unused address of account and persists its
// child index before returning it.
func (w *Wallet) nextAddress(persist persistReturnedChildFunc, account uint32) (string, error) {
	w.addressBuffersMu.Lock()
	defer w.addressBuffersMu.Unlock()

	ab, ok := w.addressBuffers[account]
	if !ok {
		return "", errUnknownAccount
	}
	child := ab.lastUsed + 1 + ab.cursor
	if err := persist(account, child); err != nil {
		return "", err
	}
	ab.cursor++
	return fmt.Sprintf("Ds%d/0/%d", account, child), nil
}

// NewExternalAddress is the RPC getnewaddress.
func (w *Wallet) NewExternalAddress(account uint32) (string, error) {
	return w.nextAddress(w.persistReturnedChild(nil), account)
}
