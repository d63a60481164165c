package ok

import "sync"

// shape: a goroutine counted by its starter adds for the children it starts itself
type Crawler struct {
	wg sync.WaitGroup
}

func (c *Crawler) Start(seeds []string, visit func(string)) {
	c.wg.Add(1)
	go c.crawl(seeds, visit)
}

func (c *Crawler) crawl(seeds []string, visit func(string)) {
	defer c.wg.Done()
	for _, s := range seeds {
		c.wg.Add(1)
		go func() {
			defer c.wg.Done()
			visit(s)
		}()
	}
}

func (c *Crawler) Wait() {
	c.wg.Wait()
}

// shape: a method adds to a group nobody waits on from elsewhere; it waits on it itself
type batch struct {
	wg sync.WaitGroup
}

func (b *batch) Start(work func()) {
	go b.run(work)
}

func (b *batch) run(work func()) {
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		work()
	}()
	b.wg.Wait()
}

// shape: each loop iteration adds once for the goroutine started in that same iteration
func perItem(items []int, work func(int)) {
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			work(it)
		}()
	}
	wg.Wait()
}
