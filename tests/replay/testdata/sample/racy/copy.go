package racy

import "sync"

type guarded struct {
	mu sync.Mutex
	v  int
}

// Value copies the lock it is given.
func Value(g guarded) int {
	return g.v
}
