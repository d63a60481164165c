package ok

import "sync"

// shape: a counted goroutine adds for the children it starts
func Tree(roots []int, visit func(int)) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, r := range roots {
			wg.Add(1)
			go func() {
				defer wg.Done()
				visit(r)
			}()
		}
	}()
	wg.Wait()
}

// shape: the goroutine adds, signals, and only then does the spawner wait
func Pipeline(sizes func() int, work func()) {
	var inner sync.WaitGroup
	ready := make(chan struct{})
	go func() {
		n := sizes()
		inner.Add(n)
		close(ready)
		for i := 0; i < n; i++ {
			go func() {
				defer inner.Done()
				work()
			}()
		}
	}()
	<-ready
	inner.Wait()
}

// shape: Add inside a literal that is run synchronously, not as a goroutine
func Inline(items []int, work func(int), run func(func())) {
	var wg sync.WaitGroup
	run(func() {
		wg.Add(len(items))
	})
	for _, it := range items {
		go func() {
			defer wg.Done()
			work(it)
		}()
	}
	wg.Wait()
}
