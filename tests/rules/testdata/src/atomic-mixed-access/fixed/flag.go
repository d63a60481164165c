package fixed

import (
	"sync/atomic"
	"time"
)

var stopped int32

func Stop() { atomic.StoreInt32(&stopped, 1) }

var served int32

// shape: the goroutine increments atomically
func Serve(reqs <-chan int, handle func(int)) {
	go func() {
		for r := range reqs {
			handle(r)
			atomic.AddInt32(&served, 1)
		}
	}()
}

func Served() int32 {
	return atomic.AddInt32(&served, 0)
}

func Wait() {
	for atomic.LoadInt32(&stopped) == 0 {
		time.Sleep(time.Millisecond)
	}
}
