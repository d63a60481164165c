package fixed

import (
	"sync"
	"time"
)

// retryUntil runs f until stop is closed, pausing between runs.
func retryUntil(f func(), pause time.Duration, stop <-chan struct{}) {
	for {
		f()
		select {
		case <-stop:
			return
		case <-time.After(pause):
		}
	}
}

type watcher struct {
	wg   sync.WaitGroup
	stop chan struct{}
}

func (w *watcher) watch() {}

func startWatcher() *watcher {
	w := &watcher{stop: make(chan struct{})}
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		retryUntil(w.watch, time.Second, w.stop)
	}()
	return w
}

func (w *watcher) Close() {
	close(w.stop)
	w.wg.Wait()
}
