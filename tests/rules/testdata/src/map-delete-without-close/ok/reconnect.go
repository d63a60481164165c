package ok

import (
	"context"
	"os"
)

// Followers keep one context per key.
type Followers struct {
	cancels map[string]context.CancelFunc
	files   map[string]*os.File
}

// shape: the key changes from pass to pass, so nothing stored earlier is replaced
func (f *Followers) Start(parent context.Context, keys []string) {
	for _, k := range keys {
		_, cancel := context.WithCancel(parent)
		f.cancels[k] = cancel
	}
}

// shape: the loop stores once and leaves
func (f *Followers) Open(name string, paths []string) error {
	for _, p := range paths {
		file, err := os.Open(p)
		if err != nil {
			continue
		}
		f.files[name] = file
		return nil
	}
	return os.ErrNotExist
}

// shape: the loop looks the key up first and keeps what is there
func (f *Followers) Ensure(parent context.Context, key string, n int) {
	for i := 0; i < n; i++ {
		if _, ok := f.cancels[key]; ok {
			continue
		}
		_, cancel := context.WithCancel(parent)
		f.cancels[key] = cancel
	}
}

// shape: each pass's goroutine cancels its own context when it ends, so replacing the entry only
// stops it from being cancelled early
func (f *Followers) Follow(parent context.Context, key string, updates <-chan string) {
	for range updates {
		ctx, cancel := context.WithCancel(parent)
		f.cancels[key] = cancel
		go func() {
			defer cancel()
			<-ctx.Done()
		}()
	}
}
