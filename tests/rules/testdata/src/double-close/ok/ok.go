package ok

import (
	"sync"
	"sync/atomic"
)

// shape: a new channel per iteration, each closed once by its goroutine
func perItem(items []int) []chan int {
	var out []chan int
	for _, it := range items {
		ch := make(chan int, 1)
		go func() {
			defer close(ch)
			ch <- it
		}()
		out = append(out, ch)
	}
	return out
}

// shape: the last goroutine to finish closes, guarded by a counter
func lastCloses(workers []func()) <-chan struct{} {
	done := make(chan struct{})
	var left atomic.Int32
	left.Store(int32(len(workers)))
	for _, w := range workers {
		go func() {
			w()
			if left.Add(-1) == 0 {
				close(done)
			}
		}()
	}
	return done
}

// shape: close then return inside the loop
func closeFirst(chs []chan int, stop chan bool) {
	for range chs {
		close(stop)
		return
	}
}

// shape: a different channel each iteration
func closeEach(chs []chan int) {
	for _, ch := range chs {
		close(ch)
	}
}

// shape: closed once under sync.Once from several goroutines
func onceClose(n int) chan struct{} {
	done := make(chan struct{})
	var once sync.Once
	for i := 0; i < n; i++ {
		go func() {
			once.Do(func() { close(done) })
		}()
	}
	return done
}

type session struct{ done chan struct{} }

type leasing struct {
	mu       sync.Mutex
	sessionc chan struct{}
	current  *session
	stop     chan struct{}
}

// shape: the channel is closed once per iteration, and a fresh one made (in a select case)
// before the next close
func (l *leasing) monitor(newSession func() *session) {
	for {
		l.mu.Lock()
		select {
		case <-l.sessionc:
			l.sessionc = make(chan struct{})
		default:
		}
		l.mu.Unlock()
		s := newSession()
		l.mu.Lock()
		l.current = s
		close(l.sessionc)
		l.mu.Unlock()
		select {
		case <-s.done:
		case <-l.stop:
			return
		}
	}
}
