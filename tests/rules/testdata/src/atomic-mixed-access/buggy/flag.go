package buggy

import (
	"sync/atomic"
	"time"
)

var stopped int32

func Stop() { atomic.StoreInt32(&stopped, 1) }

var served int32

// shape: a goroutine increments plainly a package counter read atomically elsewhere
func Serve(reqs <-chan int, handle func(int)) {
	go func() {
		for r := range reqs {
			handle(r)
			served++ // want "atomic-mixed-access: plainly .* atomics only help when every access is atomic"
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
