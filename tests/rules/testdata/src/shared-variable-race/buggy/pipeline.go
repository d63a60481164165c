package buggy

import "time"

// Pipeline hands items to a handler until a deadline passes.
type Pipeline struct {
	Handle  func(item string)
	Timeout time.Duration
}

// shape: two goroutines of one function share a stop flag with no lock, atomic or channel
func (p *Pipeline) Run(items []string) <-chan int {
	var stopped bool
	out := make(chan int, 1)
	go func() {
		n := 0
		for _, it := range items {
			if stopped {
				break
			}
			p.Handle(it)
			n++
		}
		out <- n
	}()
	go func() {
		time.Sleep(p.Timeout)
		stopped = true // want "shared-variable-race: race"
	}()
	return out
}
