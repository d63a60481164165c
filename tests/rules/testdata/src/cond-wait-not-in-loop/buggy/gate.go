package buggy

import "sync"

var (
	startMu   sync.Mutex
	startCond = sync.NewCond(&startMu)
	started   bool
)

// Start opens the gate for every waiting goroutine.
func Start() {
	startMu.Lock()
	started = true
	startMu.Unlock()
	startCond.Broadcast()
}

// shape: a package-level Cond waited on from a handler callback registered elsewhere
func awaitStart(onReady func()) {
	startMu.Lock()
	if !started {
		startCond.Wait() // want "cond-wait-not-in-loop: is not inside a `for` loop"
	}
	startMu.Unlock()
	onReady()
}

// Serve runs fn once the gate is open.
func Serve(fn func()) {
	awaitStart(fn)
}
