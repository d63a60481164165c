package flow

import (
	"sync"
	"time"
)

type SlidingWindow struct {
	sync.Mutex
	size   time.Duration
	slide  time.Duration
	in     chan interface{}
	out    chan interface{}
	done   chan struct{}
	buffer []interface{}
}

func NewSlidingWindow(size, slide time.Duration) *SlidingWindow {
	w := &SlidingWindow{size: size, slide: slide, in: make(chan interface{}), out: make(chan interface{}), done: make(chan struct{})}
	go w.receive()
	go w.emit()
	return w
}

func (w *SlidingWindow) receive() {
	for elem := range w.in {
		w.Lock()
		w.buffer = append(w.buffer, elem)
		w.Unlock()
	}
	close(w.done)
}

func (w *SlidingWindow) emit() {
	ticker := time.NewTicker(w.slide)
	defer ticker.Stop()
	for {
		select {
		case <-ticker.C:
			w.Lock()
			window := w.buffer
			w.buffer = nil
			w.Unlock()
			if len(window) > 0 {
				w.out <- window
			}
		case <-w.done:
			close(w.out)
			return
		}
	}
}
