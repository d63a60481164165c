package ok

import "sync"

// shape: a barrier: each goroutine is done before it waits for the others
func Barrier(n int, phase1, phase2 func(int)) {
	var wg, all sync.WaitGroup
	wg.Add(n)
	all.Add(n)
	for i := 0; i < n; i++ {
		go func() {
			defer all.Done()
			phase1(i)
			wg.Done()
			wg.Wait()
			phase2(i)
		}()
	}
	all.Wait()
}

// shape: the goroutine waits on a different group than the one counting it
func Nested(jobs []func()) {
	var outer, inner sync.WaitGroup
	outer.Add(1)
	go func() {
		defer outer.Done()
		for _, j := range jobs {
			inner.Add(1)
			go func() {
				defer inner.Done()
				j()
			}()
		}
		inner.Wait()
	}()
	outer.Wait()
}

// shape: Wait is started on its own goroutine
func Detach(done func()) {
	var wg sync.WaitGroup
	wg.Add(1)
	go wg.Wait()
	done()
	wg.Done()
}
