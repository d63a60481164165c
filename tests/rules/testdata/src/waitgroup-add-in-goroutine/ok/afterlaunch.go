package ok

import "sync"

// shape: the Add after the go statement counts other work, not the goroutine just started,
// which signals on a channel of its own
func startAndCount(jobs []func(), ready chan<- struct{}) {
	var wg sync.WaitGroup
	go func() {
		ready <- struct{}{}
	}()
	wg.Add(len(jobs))
	for _, j := range jobs {
		j := j
		go func() {
			defer wg.Done()
			j()
		}()
	}
	wg.Wait()
}

type queue struct {
	tasks chan int
	out   chan int
	wg    sync.WaitGroup
}

// shape: each worker first waits for a task, and leaves only once the task channel is closed,
// which Close does after the Add: its Done cannot come first
func (q *queue) start(n int, work func(int) int) {
	for i := 0; i < n; i++ {
		go q.worker(work)
		q.wg.Add(1)
	}
}

func (q *queue) worker(work func(int) int) {
	for {
		t, ok := <-q.tasks
		if !ok {
			q.wg.Done()
			return
		}
		q.out <- work(t)
	}
}

func (q *queue) Close() {
	close(q.tasks)
	q.wg.Wait()
}
