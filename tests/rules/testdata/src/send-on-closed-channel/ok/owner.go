package ok

import (
	"sync"
	"time"
)

// shape: the producing goroutine closes its own channel when it is done
type ticker struct {
	out chan int
}

func newTicker(n int) *ticker {
	t := &ticker{out: make(chan int)}
	go t.run(n)
	return t
}

func (t *ticker) run(n int) {
	defer t.finish()
	for i := 0; i < n; i++ {
		t.out <- i
	}
}

func (t *ticker) finish() {
	close(t.out)
}

// shape: Close waits for the sender to leave before closing the channel
type pump struct {
	out  chan int
	quit chan struct{}
	wg   sync.WaitGroup
}

func newPump() *pump {
	p := &pump{out: make(chan int, 4), quit: make(chan struct{})}
	p.wg.Add(1)
	go p.loop()
	return p
}

func (p *pump) loop() {
	defer p.wg.Done()
	for {
		select {
		case p.out <- 1:
		case <-p.quit:
			return
		}
	}
}

func (p *pump) Close() {
	close(p.quit)
	p.wg.Wait()
	close(p.out)
}

// shape: every sender and the closer go through one mutex and a closed flag
type notifier struct {
	mu     sync.Mutex
	closed bool
	ch     chan struct{}
}

func newNotifier() *notifier {
	n := &notifier{ch: make(chan struct{}, 1)}
	go n.watch()
	return n
}

func (n *notifier) watch() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for range t.C {
		n.mu.Lock()
		if n.closed {
			n.mu.Unlock()
			return
		}
		select {
		case n.ch <- struct{}{}:
		default:
		}
		n.mu.Unlock()
	}
}

func (n *notifier) Close() {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.closed = true
	close(n.ch)
}

// shape: the channel is sent on by a goroutine of another type, which gets its own instance
type relay struct {
	c chan int
}

func (r *relay) Close() { close(r.c) }

func (r *relay) put(v int) { r.c <- v }

type feeder struct {
	dst *relay
}

func (f *feeder) start(vals []int) {
	go f.feed(vals)
}

func (f *feeder) feed(vals []int) {
	for _, v := range vals {
		f.dst.put(v)
	}
}
