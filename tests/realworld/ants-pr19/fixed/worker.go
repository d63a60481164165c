package ants

import "time"

// Worker runs tasks on one goroutine until it gets a nil task.
type Worker struct {
	pool        *Pool
	task        chan f
	recycleTime time.Time
}

func (w *Worker) run() {
	go func() {
		for f := range w.task {
			if f == nil {
				w.pool.decRunning()
				return
			}
			_ = f()
			w.pool.putWorker(w)
		}
	}()
}
