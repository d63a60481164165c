package ok

import (
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// shape: the goroutine writes before wg.Done(); the spawner reads after wg.Wait()
func Sum(xs []int) int {
	var total int
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, x := range xs {
			total += x
		}
	}()
	wg.Wait()
	return total
}

// shape: write before close(done), read after <-done
func Resolve(lookup func() (string, error)) (string, error) {
	var addr string
	var err error
	done := make(chan struct{})
	go func() {
		defer close(done)
		addr, err = lookup()
	}()
	<-done
	return addr, err
}

// shape: the result is written before a send the spawner receives, or the spawner gives up
func Ping(ping func() error, timeout time.Duration) error {
	var err error
	done := make(chan struct{}, 1)
	go func() {
		err = ping()
		done <- struct{}{}
	}()
	select {
	case <-done:
		return err
	case <-time.After(timeout):
		return errors.New("ping: timeout")
	}
}

// shape: every goroutine has its own variables; results go to distinct slice elements
func Lengths(docs []string) []int {
	out := make([]int, len(docs))
	var wg sync.WaitGroup
	for i, d := range docs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n := 0
			for range strings.Fields(d) {
				n++
			}
			out[i] = n
		}()
	}
	wg.Wait()
	return out
}

// shape: initialised before `go`, only read by the goroutines
func Prefix(names []string) []string {
	prefix := "user:"
	if len(names) > 10 {
		prefix = "u:"
	}
	out := make([]string, len(names))
	var wg sync.WaitGroup
	for i, n := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = prefix + n
		}()
	}
	wg.Wait()
	return out
}

// shape: the counter is updated with sync/atomic
func CountOK(jobs []func() bool) int64 {
	var ok int64
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if j() {
				atomic.AddInt64(&ok, 1)
			}
		}()
	}
	wg.Wait()
	return ok
}

// shape: the goroutines' shared error is guarded by a mutex with defer Unlock
func FirstErr(jobs []func() error) error {
	var mu sync.Mutex
	var first error
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := j(); err != nil {
				mu.Lock()
				defer mu.Unlock()
				if first == nil {
					first = err
				}
			}
		}()
	}
	wg.Wait()
	return first
}

// shape: goroutines started in a loop but each waited for before the next starts
func Sequential(steps []func() error) error {
	var err error
	for _, s := range steps {
		done := make(chan struct{})
		go func() {
			err = s()
			close(done)
		}()
		<-done
		if err != nil {
			return err
		}
	}
	return nil
}
