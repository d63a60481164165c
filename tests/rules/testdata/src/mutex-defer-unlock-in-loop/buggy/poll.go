package buggy

import "sync"

var pollMu sync.Mutex

// shape: an endless polling loop with a package-level mutex
func Poll(next func() (int, bool), handle func(int)) {
	for {
		v, ok := next()
		if !ok {
			return
		}
		pollMu.Lock()
		defer pollMu.Unlock() // want "mutex-defer-unlock-in-loop: deadlocks itself"
		handle(v)
	}
}
