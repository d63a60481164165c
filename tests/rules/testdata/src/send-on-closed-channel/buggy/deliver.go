package buggy

import "sync"

// Feed hands packets from the network reader to its own handler goroutine.
type Feed struct {
	packets  chan []byte
	quit     chan struct{}
	stopOnce sync.Once
	wg       sync.WaitGroup
	handle   func([]byte)
}

func NewFeed(handle func([]byte)) *Feed {
	f := &Feed{packets: make(chan []byte, 8), quit: make(chan struct{}), handle: handle}
	f.wg.Add(1)
	go f.loop()
	return f
}

// shape: Stop closes the data channel together with a stop signal, but Push (called by the
// reader goroutine) never looks at the signal: a push racing with Stop sends on a closed channel
func (f *Feed) Push(p []byte) {
	f.packets <- p // want "send-on-closed-channel: does not watch the stop signal"
}

func (f *Feed) loop() {
	defer f.wg.Done()
	for p := range f.packets {
		f.handle(p)
	}
}

func (f *Feed) Stop() {
	f.stopOnce.Do(func() {
		close(f.quit)
		close(f.packets)
	})
	f.wg.Wait()
}
