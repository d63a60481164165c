package ok

import (
	"errors"
	"sync"
)

// shape: a closer goroutine waits for all senders
func fanIn(items []int) <-chan int {
	out := make(chan int)
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out <- it
		}()
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}

// shape: every value is received before the close
func collect(n int) []int {
	ch := make(chan int)
	for i := 0; i < n; i++ {
		go func() { ch <- i }()
	}
	var res []int
	for i := 0; i < n; i++ {
		res = append(res, <-ch)
	}
	close(ch)
	return res
}

// shape: the only producer closes with defer close
func gen(n int) <-chan int {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for i := 0; i < n; i++ {
			ch <- i
		}
	}()
	return ch
}

// shape: the deferred close belongs to an early return taken before the goroutine starts
func Errors(items <-chan string, check func(string) error) <-chan error {
	errs := make(chan error, 1)
	if items == nil {
		defer close(errs)
		errs <- errors.New("no items")
		return errs
	}
	go func() {
		defer close(errs)
		for it := range items {
			if err := check(it); err != nil {
				errs <- err
			}
		}
	}()
	return errs
}
