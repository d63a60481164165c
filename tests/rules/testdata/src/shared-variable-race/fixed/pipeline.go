package fixed

import (
	"sync/atomic"
	"time"
)

// Pipeline hands items to a handler until a deadline passes.
type Pipeline struct {
	Handle  func(item string)
	Timeout time.Duration
}

// shape: the stop flag shared by the two goroutines is an atomic.Bool
func (p *Pipeline) Run(items []string) <-chan int {
	var stopped atomic.Bool
	out := make(chan int, 1)
	go func() {
		n := 0
		for _, it := range items {
			if stopped.Load() {
				break
			}
			p.Handle(it)
			n++
		}
		out <- n
	}()
	go func() {
		time.Sleep(p.Timeout)
		stopped.Store(true)
	}()
	return out
}
