// Package lookup gives up on a slow backend; the buffered send lets its goroutine finish.
package lookup

import "time"

func Lookup(get func() string, d time.Duration) (string, bool) {
	ch := make(chan string, 1)
	go func() {
		ch <- get()
	}()
	select {
	case v := <-ch:
		return v, true
	case <-time.After(d):
		return "", false
	}
}
