package buggy

import (
	"context"
	"sync"
)

// Watcher follows a stream of events until stopped.
type Watcher struct {
	once   sync.Once
	ctx    context.Context
	cancel context.CancelFunc
	events <-chan string
	seen   func(string)
}

// shape: a method value run by the Once starts the goroutine; the package stops and runs it again
func (w *Watcher) Run() {
	w.once.Do(w.launch) // want "once-blocks-restart: `w.once.Do` starts the goroutine only on the first call of `Watcher.Run`, but `Watcher.Halt` ends it .* and `Run` is called again after `Halt`"
}

func (w *Watcher) launch() {
	go w.follow()
}

func (w *Watcher) follow() {
	for {
		select {
		case <-w.ctx.Done():
			return
		case e := <-w.events:
			w.seen(e)
		}
	}
}

func (w *Watcher) Halt() {
	w.cancel()
}

// Reconnect drops the stream and follows it again.
func (w *Watcher) Reconnect() {
	w.Halt()
	w.ctx, w.cancel = context.WithCancel(context.Background())
	w.Run()
}
