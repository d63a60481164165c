package fixed

import "sync"

type pack struct{ id int }

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
		wg.Add(1)
		go worker()
	}
	for _, p := range packs {
		ch <- p
	}
	close(ch)
	wg.Wait()
}
