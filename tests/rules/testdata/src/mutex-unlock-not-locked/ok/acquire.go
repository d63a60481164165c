package ok

import (
	"errors"
	"sync"
)

var errDisabled = errors.New("disabled")

// shape: Acquire returns holding the read lock when it succeeds, and unlocks it only when it
// fails; Release, called after a successful Acquire, unlocks it
type Failpoint struct {
	mu    sync.RWMutex
	eval  func() (interface{}, error)
	armed bool
}

func (fp *Failpoint) Acquire() (interface{}, error) {
	fp.mu.RLock()
	v, err := fp.eval()
	if v == nil || !fp.armed {
		err = errDisabled
	}
	if err != nil {
		fp.mu.RUnlock()
	}
	return v, err
}

func (fp *Failpoint) Release() {
	fp.mu.RUnlock()
}
