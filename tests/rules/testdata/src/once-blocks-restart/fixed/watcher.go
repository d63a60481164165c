package fixed

import (
	"context"
	"sync"
)

// Watcher follows a stream of events until stopped.
type Watcher struct {
	mu     sync.Mutex
	cancel context.CancelFunc
	events <-chan string
	seen   func(string)
}

// shape: the cancel func doubles as the running flag
func (w *Watcher) Run() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.cancel != nil {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	w.cancel = cancel
	go w.follow(ctx)
}

func (w *Watcher) follow(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case e := <-w.events:
			w.seen(e)
		}
	}
}

func (w *Watcher) Halt() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.cancel != nil {
		w.cancel()
		w.cancel = nil
	}
}

// Reconnect drops the stream and follows it again.
func (w *Watcher) Reconnect() {
	w.Halt()
	w.Run()
}
