package buggy

import "sync"

type pack struct{ id int }

// shape: each worker is started before its Add: a worker that finds the channel closed runs
// its Done first and takes the counter below zero
func restoreAll(packs []pack, workers int, download func(pack)) {
	var wg sync.WaitGroup
	ch := make(chan pack)
	worker := func() {
		defer wg.Done()
		for p := range ch {
			download(p)
		}
	}
	for i := 0; i < workers; i++ {
		go worker()
		wg.Add(1) // want "waitgroup-add-in-goroutine: `wg.Add\(1\)` comes after the `go` statement"
	}
	for _, p := range packs {
		ch <- p
	}
	close(ch)
	wg.Wait()
}
