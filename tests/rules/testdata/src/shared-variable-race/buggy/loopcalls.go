package buggy

import "sync"

// Indexer counts the documents it has indexed.
type Indexer struct {
	docs int
}

func (x *Indexer) add() { x.docs++ }

// shape: goroutines started in a loop all call a method that bumps a field of the one receiver
func (x *Indexer) IndexAll(files []string) {
	var wg sync.WaitGroup
	for range files {
		wg.Add(1)
		go func() {
			defer wg.Done()
			x.add() // want "shared-variable-race: The goroutine started in a loop at line [0-9]+ .in `Indexer.IndexAll`. writes `x.docs` .in `Indexer.add`"
		}()
	}
	wg.Wait()
}
