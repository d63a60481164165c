package ok

import "sync"

// Bank serialises every multi-account operation behind one gate lock.
type Bank struct {
	gate     sync.Mutex
	accounts map[string]*Account
}

type Account struct {
	mu      sync.Mutex
	balance int
}

// shape: opposite orders, but both paths hold the same outer lock first
func (b *Bank) Move(from, to *Account, n int) {
	b.gate.Lock()
	defer b.gate.Unlock()
	from.mu.Lock()
	defer from.mu.Unlock()
	to.mu.Lock()
	defer to.mu.Unlock()
	from.balance -= n
	to.balance += n
}

// shape: two values of one type locked in argument order (no second path to compare with)
func Swap(a, b *Account) {
	a.mu.Lock()
	defer a.mu.Unlock()
	b.mu.Lock()
	defer b.mu.Unlock()
	a.balance, b.balance = b.balance, a.balance
}
