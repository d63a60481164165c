// Package stop closes its quit channel on every Stop call.
package stop

type Worker struct{ quit chan struct{} }

func New() *Worker { return &Worker{quit: make(chan struct{})} }

func (w *Worker) Stop() {
	close(w.quit) // runtime: double-close
}
