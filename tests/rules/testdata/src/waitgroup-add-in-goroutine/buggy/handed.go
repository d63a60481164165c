package buggy

import "sync"

type region struct{ name string }

func collectRegion(r region, wg *sync.WaitGroup) {
	wg.Add(1) // want "waitgroup-add-in-goroutine: runs inside the goroutine it counts"
	defer wg.Done()
	_ = r.name
}

// The group is the function's own, handed to each goroutine by pointer.
func collectAll(regions []region) {
	var wg sync.WaitGroup
	for _, r := range regions {
		go collectRegion(r, &wg)
	}
	wg.Wait()
}
