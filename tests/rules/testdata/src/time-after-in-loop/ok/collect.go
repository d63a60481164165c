package ok

import (
	"errors"
	"time"
)

// shape: a per-result timeout in a counted loop: a run makes at most n timers, each gone after
// the timeout, however fast the results come
func collect(results <-chan int, n int, timeout time.Duration) ([]int, error) {
	var out []int
	for i := 0; i < n; i++ {
		select {
		case r := <-results:
			out = append(out, r)
		case <-time.After(timeout):
			return out, errors.New("timeout")
		}
	}
	return out, nil
}
