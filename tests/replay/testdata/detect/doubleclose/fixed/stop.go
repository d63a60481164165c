// Package stop closes its quit channel once, however often Stop is called.
package stop

import "sync"

type Worker struct {
	quit chan struct{}
	once sync.Once
}

func New() *Worker { return &Worker{quit: make(chan struct{})} }

func (w *Worker) Stop() {
	w.once.Do(func() { close(w.quit) })
}
