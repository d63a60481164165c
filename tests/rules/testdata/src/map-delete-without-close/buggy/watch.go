package buggy

import (
	"context"
	"os"
	"sync"
)

// Subscriptions runs one watch goroutine per key until the key is unwatched.
type Subscriptions struct {
	mu      sync.Mutex
	cancels map[string]context.CancelFunc
}

func (s *Subscriptions) watch(ctx context.Context, key string) { <-ctx.Done() }

// shape: a second Watch of the same key stores a new cancel func over the first one, so the
// first watch goroutine can no longer be stopped
func (s *Subscriptions) Watch(parent context.Context, key string) {
	ctx, cancel := context.WithCancel(parent)
	s.mu.Lock()
	s.cancels[key] = cancel // want "map-delete-without-close: replaces whatever an earlier `Watch` call stored under the same `key`"
	s.mu.Unlock()
	go s.watch(ctx, key)
}

// Unwatch stops the goroutine watching key.
func (s *Subscriptions) Unwatch(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if cancel, ok := s.cancels[key]; ok {
		cancel()
		delete(s.cancels, key)
	}
}

// Spool keeps one open file per queue name.
type Spool struct {
	files map[string]*os.File
}

type Request struct{ Queue, Path string }

// shape: opening a queue that is already open replaces its file, whose descriptor is never closed
func (s *Spool) Open(req Request) error {
	f, err := os.OpenFile(req.Path, os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	s.files[req.Queue] = f // want "map-delete-without-close: replaces whatever an earlier `Open` call stored"
	return nil
}

// shape: every file the spool holds is closed when it shuts down
func (s *Spool) Close() {
	for _, f := range s.files {
		f.Close()
	}
}
