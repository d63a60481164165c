package buggy

import "sync"

type Job func() int

// Worker runs submitted jobs on one background goroutine.
type Worker struct {
	mu      sync.Mutex
	jobs    chan Job
	pending int
	results []int
}

func NewWorker() *Worker {
	w := &Worker{jobs: make(chan Job)}
	go w.loop()
	return w
}

// shape: send under the lock; the only receiver receives while holding the same lock
func (w *Worker) Submit(j Job) {
	w.mu.Lock()
	w.pending++
	w.jobs <- j // want "lock-held-channel-op: is never released"
	w.mu.Unlock()
}

// Pending reports how many jobs were submitted and not finished.
func (w *Worker) Pending() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.pending
}

// Close ends the background goroutine once every Submit has returned.
func (w *Worker) Close() { close(w.jobs) }
