package ok

import (
	"sync"
	"sync/atomic"
)

// shape: only the goroutine that wins a CompareAndSwap records the error
func FirstFailure(jobs []func() error) error {
	var firstErr error
	var set int32
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := j(); err != nil && atomic.CompareAndSwapInt32(&set, 0, 1) {
				firstErr = err
			}
		}()
	}
	wg.Wait()
	return firstErr
}

// shape: a buffered channel of capacity one used as a mutex
func CountDone(jobs []func() bool) int {
	done := 0
	lock := make(chan struct{}, 1)
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if j() {
				lock <- struct{}{}
				done++
				<-lock
			}
		}()
	}
	wg.Wait()
	return done
}
