package fixed

import "sync"

// shape: a *sync.WaitGroup parameter
func work(wg *sync.WaitGroup, f func()) {
	defer wg.Done()
	f()
}

func RunAll(fs []func()) {
	var wg sync.WaitGroup
	for _, f := range fs {
		wg.Add(1)
		go work(&wg, f)
	}
	wg.Wait()
}

// shape: read the field under the lock instead of copying the struct
func Snapshot(c *Counter) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

// shape: range over indexes and take the element's address
func Total(cs []Counter) int {
	t := 0
	for i := range cs {
		c := &cs[i]
		t += c.n
	}
	return t
}
