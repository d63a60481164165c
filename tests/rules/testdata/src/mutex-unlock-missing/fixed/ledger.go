package fixed

import (
	"errors"
	"sync"
)

var ErrOverdraft = errors.New("overdraft")

type Ledger struct {
	mu      sync.RWMutex
	balance int
}

// shape: deferred unlock also runs when panicking
func (l *Ledger) Withdraw(n int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if n > l.balance {
		panic(ErrOverdraft)
	}
	l.balance -= n
}

// shape: read the value under the lock, decide after
func (l *Ledger) Positive() bool {
	l.mu.RLock()
	b := l.balance
	l.mu.RUnlock()
	return b > 0
}
