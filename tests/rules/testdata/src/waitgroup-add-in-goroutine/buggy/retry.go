package buggy

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

func (w *watcher) watch() {
	defer w.wg.Done()
}

// shape: the literal handed to the function a go statement starts adds to the group on that goroutine; Close's Wait can come first
func startWatcher() *watcher {
	w := &watcher{stop: make(chan struct{})}
	go retryUntil(func() {
		w.wg.Add(1) // want "waitgroup-add-in-goroutine: `w.wg.Add.1.` runs inside the goroutine it counts .the literal is handed to `retryUntil`"
		w.watch()
	}, time.Second, w.stop)
	return w
}

func (w *watcher) Close() {
	close(w.stop)
	w.wg.Wait()
}
