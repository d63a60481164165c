package ok

import (
	"context"
	"time"
)

func get(url string) string { return url }

// shape: buffer equal to the number of senders
func firstError(urls []string, check func(string) error) error {
	errc := make(chan error, len(urls))
	for _, u := range urls {
		go func() {
			errc <- check(u)
		}()
	}
	for range urls {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

// shape: the sender itself selects on ctx.Done, so it can give up too
func fetchCtx(ctx context.Context, url string) (string, error) {
	ch := make(chan string)
	go func() {
		select {
		case ch <- get(url):
		case <-ctx.Done():
		}
	}()
	select {
	case body := <-ch:
		return body, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// shape: the timeout case drains the channel before returning
func runWithTimeout(work func() error, stop func(), d time.Duration) error {
	done := make(chan error)
	go func() {
		done <- work()
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(d):
		stop()
		return <-done
	}
}

// shape: every value is received, no early exit
func sum(xs []int) int {
	ch := make(chan int)
	for _, x := range xs {
		go func() {
			ch <- x * 2
		}()
	}
	total := 0
	for range xs {
		total += <-ch
	}
	return total
}

// shape: the other select case is fed by the sender itself (exclusive protocol)
func either(work func() error) error {
	errc := make(chan error)
	ok := make(chan struct{})
	go func() {
		if err := work(); err != nil {
			errc <- err
			return
		}
		close(ok)
	}()
	select {
	case err := <-errc:
		return err
	case <-ok:
		return nil
	}
}

// shape: the sender only closes the channel; nothing blocks when the receiver stops waiting
func closedWhenDone(work func(), d time.Duration) bool {
	done := make(chan struct{})
	go func() {
		defer close(done)
		work()
	}()
	select {
	case <-done:
		return true
	case <-time.After(d):
		return false
	}
}

// shape: the two goroutines that send on done are started in the two branches of one if/else: one sender, and the buffer holds its value
func exportEither(fast bool, slow func() error, quick func() error, write func() error) error {
	done := make(chan error, 1)
	if fast {
		go func() { done <- quick() }()
	} else {
		go func() { done <- slow() }()
	}
	if err := write(); err != nil {
		return err
	}
	return <-done
}
