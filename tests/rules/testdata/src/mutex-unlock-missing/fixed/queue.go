package fixed

import "sync"

// Queue hands out jobs by id.
type Queue struct {
	mu   sync.Mutex
	jobs map[int]string
	done map[int]bool
}

func (q *Queue) Finish(ids []int) {
	for _, id := range ids {
		q.mu.Lock()
		if _, ok := q.jobs[id]; !ok {
			q.mu.Unlock()
			continue
		}
		q.done[id] = true
		q.mu.Unlock()
	}
}

func (q *Queue) Drop(batches [][]int) {
	for _, ids := range batches {
		q.mu.Lock()
		for _, id := range ids {
			if q.done[id] {
				break
			}
			delete(q.jobs, id)
		}
		q.mu.Unlock()
	}
}
