package ok

import (
	"context"
	"errors"
	"os"
	"sync"
)

// Subscriptions runs one watch goroutine per key until the key is unwatched.
type Subscriptions struct {
	mu      sync.Mutex
	next    int
	cancels map[string]context.CancelFunc
	byID    map[int]context.CancelFunc
}

func (s *Subscriptions) watch(ctx context.Context, key string) { <-ctx.Done() }

// Unwatch stops the goroutine watching key.
func (s *Subscriptions) Unwatch(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if cancel, ok := s.cancels[key]; ok {
		cancel()
		delete(s.cancels, key)
	}
}

// StopAll stops every watch started by id.
func (s *Subscriptions) StopAll() {
	for _, cancel := range s.byID {
		cancel()
	}
}

var errWatched = errors.New("already watched")

// shape: only a key that is not watched yet is stored; a second Watch is refused
func (s *Subscriptions) Watch(parent context.Context, key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.cancels[key]; ok {
		return errWatched
	}
	ctx, cancel := context.WithCancel(parent)
	s.cancels[key] = cancel
	go s.watch(ctx, key)
	return nil
}

// shape: the previous watch of the key is stopped before the new one is stored
func (s *Subscriptions) Rewatch(parent context.Context, key string) {
	ctx, cancel := context.WithCancel(parent)
	s.mu.Lock()
	if old := s.cancels[key]; old != nil {
		old()
	}
	s.cancels[key] = cancel
	s.mu.Unlock()
	go s.watch(ctx, key)
}

// shape: a caller stops what the key had first, then stores the new watch
func (s *Subscriptions) Replace(parent context.Context, key string) {
	s.Unwatch(key)
	ctx, cancel := context.WithCancel(parent)
	s.mu.Lock()
	s.cancels[key] = cancel
	s.mu.Unlock()
	go s.watch(ctx, key)
}

// shape: each watch gets a fresh id from a counter, so nothing is ever replaced
func (s *Subscriptions) WatchAll(parent context.Context, key string) int {
	ctx, cancel := context.WithCancel(parent)
	s.mu.Lock()
	s.next++
	s.byID[s.next] = cancel
	s.mu.Unlock()
	go s.watch(ctx, key)
	return s.next
}

// shape: the function cancels its own context when it returns; the entry only lets others stop it early
func (s *Subscriptions) Run(parent context.Context, key string) {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	s.mu.Lock()
	s.cancels[key] = cancel
	s.mu.Unlock()
	s.watch(ctx, key)
}

// shape: clearing an entry stores nil, nothing that needs releasing
func (s *Subscriptions) Clear(key string) {
	s.mu.Lock()
	s.cancels[key] = nil
	s.mu.Unlock()
}

// shape: a map made in this function starts empty, so its first store replaces nothing
func openAll(paths []string) map[string]*os.File {
	files := make(map[string]*os.File)
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		files[p] = f
	}
	return files
}

// Spool keeps one open file per queue name; its files are closed by Shutdown.
type Spool struct {
	files map[string]*os.File
}

// shape: the exported entry point checks for an open queue before opening another
func (s *Spool) Open(queue, path string) error {
	if _, ok := s.files[queue]; ok {
		return nil
	}
	return s.open(queue, path)
}

func (s *Spool) open(queue, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	s.files[queue] = f
	return nil
}

// Shutdown closes every open file.
func (s *Spool) Shutdown() {
	for _, f := range s.files {
		f.Close()
	}
}

// shape: the only caller stops the key's earlier watch before starting a new one
func (s *Subscriptions) Restart(parent context.Context, key string) {
	s.Unwatch(key)
	s.start(parent, key)
}

func (s *Subscriptions) start(parent context.Context, key string) {
	ctx, cancel := context.WithCancel(parent)
	s.mu.Lock()
	s.cancels[key] = cancel
	s.mu.Unlock()
	go s.watch(ctx, key)
}

func newID() string { return "fresh" }

// shape: the key is generated here for the new watch and handed back, never passed in
func (s *Subscriptions) WatchNew(parent context.Context) string {
	id := newID()
	ctx, cancel := context.WithCancel(parent)
	s.mu.Lock()
	s.cancels[id] = cancel
	s.mu.Unlock()
	go s.watch(ctx, id)
	return id
}

// shape: the file is stored only when the name has none yet, otherwise it is closed again
func (s *Spool) Ensure(queue, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	if _, ok := s.files[queue]; !ok {
		s.files[queue] = f
		return nil
	}
	return f.Close()
}
