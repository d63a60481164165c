package buggy

import (
	"errors"
	"sync"
)

var ErrOverdraft = errors.New("overdraft")

type Ledger struct {
	mu      sync.RWMutex
	balance int
}

// shape: a panic carrying an error while the lock is held (recovered by a caller, the lock stays held)
func (l *Ledger) Withdraw(n int) {
	l.mu.Lock() // want "mutex-unlock-missing: stays locked forever"
	if n > l.balance {
		panic(ErrOverdraft)
	}
	l.balance -= n
	l.mu.Unlock()
}

// shape: RLock with an early return
func (l *Ledger) Positive() bool {
	l.mu.RLock() // want "mutex-unlock-missing: stays locked forever"
	if l.balance <= 0 {
		return false
	}
	l.mu.RUnlock()
	return true
}
