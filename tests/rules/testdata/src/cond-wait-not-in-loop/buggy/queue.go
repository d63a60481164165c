package buggy

import "sync"

// Job is one unit of work.
type Job struct {
	ID   int
	Data string
}

// WorkQueue hands jobs to a pool of workers.
type WorkQueue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	items  []Job
	closed bool
}

// NewWorkQueue returns an empty queue.
func NewWorkQueue() *WorkQueue {
	q := &WorkQueue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

// Put appends a job and wakes one worker.
func (q *WorkQueue) Put(j Job) {
	q.mu.Lock()
	q.items = append(q.items, j)
	q.mu.Unlock()
	q.cond.Signal()
}

// Close wakes every worker.
func (q *WorkQueue) Close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.cond.Broadcast()
}

// shape: the condition checked once with `if` before Wait; another worker may take the job first
func (q *WorkQueue) Get() (Job, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.items) == 0 && !q.closed {
		q.cond.Wait() // want "cond-wait-not-in-loop: is not inside a `for` loop"
	}
	if len(q.items) == 0 {
		return Job{}, false
	}
	j := q.items[0]
	q.items = q.items[1:]
	return j, true
}
