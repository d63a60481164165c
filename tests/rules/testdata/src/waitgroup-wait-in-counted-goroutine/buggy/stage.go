package buggy

import "sync"

// shape: a worker function waits on the group it is counted in
func stage(in <-chan int, out chan<- int, wg *sync.WaitGroup) {
	defer wg.Done()
	for v := range in {
		out <- v + 1
	}
	wg.Wait() // want "waitgroup-wait-in-counted-goroutine: can never reach zero"
	close(out)
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
	var res []int
	for v := range out {
		res = append(res, v)
	}
	return res
}

type Pool struct {
	wg sync.WaitGroup
}

// shape: Done comes only after the Wait on the same group
func (p *Pool) Shutdown(done chan<- struct{}) {
	p.wg.Add(1)
	go func() {
		p.wg.Wait() // want "waitgroup-wait-in-counted-goroutine: can never reach zero"
		p.wg.Done()
		close(done)
	}()
}
