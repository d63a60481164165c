package ok

import "fixtures/src/sync-copy-by-value/ok/sync"

// shape: `sync` names the project's own package, whose WaitGroup is an interface
func startCopier(jobs <-chan int) (chan int, sync.WaitGroup) {
	out := make(chan int)
	wg := sync.NewWaitGroup()
	wg.Add(1)
	go func() {
		defer wg.Done()
		for j := range jobs {
			out <- j
		}
	}()
	return out, wg
}
