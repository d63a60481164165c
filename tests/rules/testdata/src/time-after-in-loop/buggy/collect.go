package buggy

import (
	"errors"
	"time"
)

// shape: a per-result timeout in a counted loop
func collect(results <-chan int, n int, timeout time.Duration) ([]int, error) {
	var out []int
	for i := 0; i < n; i++ {
		select {
		case r := <-results:
			out = append(out, r)
		case <-time.After(timeout): // want "time-after-in-loop: new timer on every iteration"
			return out, errors.New("timeout")
		}
	}
	return out, nil
}
