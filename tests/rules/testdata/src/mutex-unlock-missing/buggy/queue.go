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
		q.mu.Lock()
		if _, ok := q.jobs[id]; !ok {
			continue // want "mutex-unlock-missing: This continue leaves `q.mu` locked.*next iteration's `q.mu.Lock[(][)]` blocks forever"
		}
		q.done[id] = true
		q.mu.Unlock()
	}
}

// shape: a labeled `continue` from an inner loop restarts the outer loop around the Lock
func (q *Queue) Drop(batches [][]int) {
outer:
	for _, ids := range batches {
		q.mu.Lock()
		for _, id := range ids {
			if q.done[id] {
				continue outer // want "mutex-unlock-missing: This continue leaves `q.mu` locked: `q.mu.Lock[(][)]` at line 28"
			}
			delete(q.jobs, id)
		}
		q.mu.Unlock()
	}
}
