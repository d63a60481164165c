package fixed

import "sync"

type Indexer struct {
	mu   sync.Mutex
	docs int
}

// shape: the method the goroutines call takes the receiver's mutex
func (x *Indexer) add() {
	x.mu.Lock()
	x.docs++
	x.mu.Unlock()
}

func (x *Indexer) IndexAll(files []string) {
	var wg sync.WaitGroup
	for range files {
		wg.Add(1)
		go func() {
			defer wg.Done()
			x.add()
		}()
	}
	wg.Wait()
}
