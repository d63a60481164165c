package fixed

import "sync"

type region struct{ name string }

func collectRegion(r region, wg *sync.WaitGroup) {
	defer wg.Done()
	_ = r.name
}

func collectAll(regions []region) {
	var wg sync.WaitGroup
	for _, r := range regions {
		wg.Add(1)
		go collectRegion(r, &wg)
	}
	wg.Wait()
}
