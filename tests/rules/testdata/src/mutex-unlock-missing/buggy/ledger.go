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
	l.mu.Lock()
	if n > l.balance {
		panic(ErrOverdraft) // want "mutex-unlock-missing: This panic leaves `l.mu` locked.*recovered panic"
	}
	l.balance -= n
	l.mu.Unlock()
}

// shape: RLock with an early return
func (l *Ledger) Positive() bool {
	l.mu.RLock()
	if l.balance <= 0 {
		return false // want "mutex-unlock-missing: This return leaves `l.mu` locked: `l.mu.RLock[(][)]` at line 27 is released only by `l.mu.RUnlock[(][)]`"
	}
	l.mu.RUnlock()
	return true
}
