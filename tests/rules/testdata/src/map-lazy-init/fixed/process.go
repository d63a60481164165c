package fixed

import "sync"

// Process serialises work per account using KeyLocks (keylocks.go) from many goroutines.
func Process(kl *KeyLocks, accounts []string, apply func(string)) {
	var wg sync.WaitGroup
	for _, a := range accounts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu := kl.Get(a)
			mu.Lock()
			defer mu.Unlock()
			apply(a)
		}()
	}
	wg.Wait()
}
