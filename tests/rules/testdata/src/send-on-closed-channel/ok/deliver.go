package ok

import "sync"

// Feed closes both channels on Stop, but Push checks the stop signal under the same lock that
// Stop holds while closing: no push can follow the close.
type Feed struct {
	mu      sync.Mutex
	stopped bool
	packets chan []byte
	quit    chan struct{}
	handle  func([]byte)
}

func NewFeed(handle func([]byte)) *Feed {
	f := &Feed{packets: make(chan []byte, 8), quit: make(chan struct{}), handle: handle}
	go f.loop()
	return f
}

func (f *Feed) Push(p []byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.stopped {
		return
	}
	f.packets <- p
}

func (f *Feed) loop() {
	for p := range f.packets {
		f.handle(p)
	}
}

func (f *Feed) Stop() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.stopped {
		return
	}
	f.stopped = true
	close(f.quit)
	close(f.packets)
}
