package buggy

import "sync"

// shape: a WaitGroup passed by value: Done on the copy never reaches the caller's
func work(wg sync.WaitGroup, f func()) { // want "sync-copy-by-value: cop(y|ies)"
	defer wg.Done()
	f()
}

func RunAll(fs []func()) {
	var wg sync.WaitGroup
	for _, f := range fs {
		wg.Add(1)
		go work(wg, f) // want "sync-copy-by-value: cop(y|ies)"
	}
	wg.Wait()
}

// shape: dereferencing a pointer copies the struct and its Mutex
func Snapshot(c *Counter) int {
	snap := *c // want "sync-copy-by-value: cop(y|ies)"
	return snap.n
}

// shape: ranging over a slice of lock-holding structs copies each element
func Total(cs []Counter) int {
	t := 0
	for _, c := range cs { // want "sync-copy-by-value: cop(y|ies)"
		t += c.n
	}
	return t
}
