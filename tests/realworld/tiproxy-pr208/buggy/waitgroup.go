package router

import "sync"

// WaitGroup wraps sync.WaitGroup so that starting a goroutine and counting
// it happen in one call.
type WaitGroup struct {
	wg sync.WaitGroup
}

// Run runs exec in a new goroutine that is tracked by the group.
func (w *WaitGroup) Run(exec func()) {
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		exec()
	}()
}

// Wait waits for all goroutines started by Run.
func (w *WaitGroup) Wait() {
	w.wg.Wait()
}
