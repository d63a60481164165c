package fixed

import "sync"

var pollMu sync.Mutex

// shape: each iteration's critical section in its own function
func Poll(next func() (int, bool), handle func(int)) {
	for {
		v, ok := next()
		if !ok {
			return
		}
		func() {
			pollMu.Lock()
			defer pollMu.Unlock()
			handle(v)
		}()
	}
}
