package ok

import (
	"net"
	"sync"
)

// Dialer tries addresses; the first that answers wins.
type Dialer struct {
	Dial func(addr string) (net.Conn, error)
	wg   sync.WaitGroup
}

func (d *Dialer) waitAll() { d.wg.Wait() }

// shape: the spawner reads after calling a helper that waits for the goroutines
func (d *Dialer) Probe(addrs []string) int {
	alive := 0
	d.wg.Add(1)
	go func() {
		defer d.wg.Done()
		for _, a := range addrs {
			if c, err := d.Dial(a); err == nil {
				c.Close()
				alive++
			}
		}
	}()
	d.waitAll()
	return alive
}

// shape: a goroutine started in a loop that is left right after the `go`: one instance only
func (d *Dialer) First(addrs []string) net.Conn {
	var conn net.Conn
	var wg sync.WaitGroup
	for _, a := range addrs {
		if a == "" {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			conn, _ = d.Dial(a)
		}()
		break
	}
	wg.Wait()
	return conn
}

// shape: an owner goroutine updates its state from a channel; the result is read after it finished
func Totals(in <-chan int) (int, int) {
	var sum, count int
	done := make(chan struct{})
	go func() {
		defer close(done)
		for v := range in {
			sum += v
			count++
		}
	}()
	<-done
	return sum, count
}

// shape: a callback run under the lock the other accesses hold
type Tracker struct {
	mu   sync.Mutex
	seen int
}

func (t *Tracker) withLock(f func()) {
	t.mu.Lock()
	defer t.mu.Unlock()
	f()
}

func (t *Tracker) Watch(events <-chan string) {
	go func() {
		for range events {
			t.withLock(func() {
				t.seen++
			})
		}
	}()
}

func (t *Tracker) Seen() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.seen
}

func (t *Tracker) Clear() {
	t.mu.Lock()
	t.seen = 0
	t.mu.Unlock()
}
