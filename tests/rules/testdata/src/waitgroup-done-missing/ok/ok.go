package ok

import "sync"

// shape: Done called on the early-return path too
func Run(keys []string, do func(string) error) {
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func() {
			if err := do(k); err != nil {
				wg.Done()
				return
			}
			wg.Done()
		}()
	}
	wg.Wait()
}

// shape: the return is inside a callback literal, not the goroutine itself
func Walk(items []int, each func(func(int) bool)) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		each(func(v int) bool {
			return v > 0
		})
		wg.Done()
	}()
	wg.Wait()
}

type closer struct {
	wg     *sync.WaitGroup
	closed bool
}

// shape: a Close method guarding against a second call (Done already happened)
func (c *closer) Close() error {
	if c.closed {
		return nil
	}
	c.closed = true
	c.wg.Done()
	return nil
}

// shape: both branches release before the return
func Either(flag bool, a, b func()) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		if flag {
			a()
			wg.Done()
		} else {
			b()
			wg.Done()
		}
	}()
	wg.Wait()
}
