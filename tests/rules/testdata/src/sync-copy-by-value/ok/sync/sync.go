// Package sync stands for a project's own sync package (syncthing's lib/sync): its WaitGroup
// is an interface, so passing it by value copies nothing.
package sync

import stdsync "sync"

// WaitGroup is what NewWaitGroup returns.
type WaitGroup interface {
	Add(int)
	Done()
	Wait()
}

// NewWaitGroup returns a WaitGroup backed by the standard library's.
func NewWaitGroup() WaitGroup { return &stdsync.WaitGroup{} }
