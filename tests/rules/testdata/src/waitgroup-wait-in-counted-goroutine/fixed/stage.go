package fixed

import "sync"

// shape: the worker only signals; the owner waits, then closes
func stage(in <-chan int, out chan<- int, wg *sync.WaitGroup) {
	defer wg.Done()
	for v := range in {
		out <- v + 1
	}
}

func Stage(vals []int) []int {
	in := make(chan int, len(vals))
	out := make(chan int, len(vals))
	var wg sync.WaitGroup
	wg.Add(1)
	go stage(in, out, &wg)
	for _, v := range vals {
		in <- v
	}
	close(in)
	wg.Wait()
	close(out)
	var res []int
	for v := range out {
		res = append(res, v)
	}
	return res
}

type Pool struct {
	wg sync.WaitGroup
}

// shape: the waiting goroutine is not counted by the group
func (p *Pool) Shutdown(done chan<- struct{}) {
	go func() {
		p.wg.Wait()
		close(done)
	}()
}
