package buggy

import (
	"context"
	"os"
	"sync"
)

// Watcher follows a key's updates; each update gets a context of its own.
type Watcher struct {
	mu      sync.Mutex
	cancels map[string]context.CancelFunc
}

func (w *Watcher) follow(ctx context.Context, update string) { <-ctx.Done() }

// shape: every update of the same key stores a new cancel func over the one the last update stored
func (w *Watcher) Run(parent context.Context, key string, updates <-chan string) {
	for u := range updates {
		ctx, cancel := context.WithCancel(parent)
		w.mu.Lock()
		w.cancels[key] = cancel // want "map-delete-without-close: replaces, on every pass of this loop"
		w.mu.Unlock()
		go w.follow(ctx, u)
	}
}

// Stop cancels what each key follows now.
func (w *Watcher) Stop() {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, cancel := range w.cancels {
		cancel()
	}
}

// Rotator keeps one open file per name.
type Rotator struct {
	open map[string]*os.File
}

// shape: each attempt opens a file and stores it under the same name over the previous one
func (r *Rotator) Reopen(name string, paths []string) {
	for _, p := range paths {
		f, err := os.Create(p)
		if err != nil {
			continue
		}
		r.open[name] = f // want "map-delete-without-close: replaces, on every pass of this loop"
	}
}
