package fixed

import (
	"errors"
	"time"
)

// shape: one timer for the per-result timeout
func collect(results <-chan int, n int, timeout time.Duration) ([]int, error) {
	var out []int
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for i := 0; i < n; i++ {
		if !timer.Stop() {
			select {
			case <-timer.C:
			default:
			}
		}
		timer.Reset(timeout)
		select {
		case r := <-results:
			out = append(out, r)
		case <-timer.C:
			return out, errors.New("timeout")
		}
	}
	return out, nil
}
