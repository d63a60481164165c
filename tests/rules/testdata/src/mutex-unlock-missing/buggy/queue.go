package buggy

import "sync"

// Queue hands out jobs by id.
type Queue struct {
	mu   sync.Mutex
	jobs map[int]string
	done map[int]bool
}

// shape: a `continue` between Lock and Unlock starts the next iteration, whose Lock blocks
func (q *Queue) Finish(ids []int) {
	for _, id := range ids {
		q.mu.Lock() // want "mutex-unlock-missing: goes on to the next iteration of the loop at line 17.*next iteration's `q.mu.Lock\(\)` blocks forever"
		if _, ok := q.jobs[id]; !ok {
			continue
		}
		q.done[id] = true
		q.mu.Unlock()
	}
}

// shape: a labeled `continue` from an inner loop restarts the outer loop around the Lock
func (q *Queue) Drop(batches [][]int) {
outer:
	for _, ids := range batches {
		q.mu.Lock() // want "mutex-unlock-missing: goes on to the next iteration of the loop at line 31"
		for _, id := range ids {
			if q.done[id] {
				continue outer
			}
			delete(q.jobs, id)
		}
		q.mu.Unlock()
	}
}
