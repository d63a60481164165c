package fixed

import "sync"

// Feed hands packets from the network reader to its own handler goroutine. Stop only closes
// the stop signal; the data channel stays open and both sides watch the signal.
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

func (f *Feed) Push(p []byte) {
	select {
	case f.packets <- p:
	case <-f.quit:
	}
}

func (f *Feed) loop() {
	defer f.wg.Done()
	for {
		select {
		case p := <-f.packets:
			f.handle(p)
		case <-f.quit:
			return
		}
	}
}

func (f *Feed) Stop() {
	f.stopOnce.Do(func() { close(f.quit) })
	f.wg.Wait()
}
