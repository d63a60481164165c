package ok

import "sync"

type Indexer struct {
	docs  int
	sem   chan struct{}
	items []int
}

func (x *Indexer) add() { x.docs++ }

// shape: a one-slot token taken before the call lets one goroutine at a time in
func (x *Indexer) IndexAll(files []string) {
	var wg sync.WaitGroup
	for range files {
		wg.Add(1)
		go func() {
			defer wg.Done()
			x.sem <- struct{}{}
			x.add()
			<-x.sem
		}()
	}
	wg.Wait()
}

// shape: each goroutine writes its own element, not a field of the receiver
func (x *Indexer) Fill() {
	var wg sync.WaitGroup
	for i := range x.items {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			x.items[i] = i * i
		}(i)
	}
	wg.Wait()
}

// shape: the goroutines only read the field
func (x *Indexer) Report(out chan<- int) {
	for range x.items {
		go func() { out <- x.docs }()
	}
}
