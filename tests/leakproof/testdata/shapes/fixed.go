package shapes

import (
	"context"
	"errors"
	"time"
)

// goroutine-send-leak/fixed/fetch.go: fetch (the verified patch: buffer of one)
func FetchFixed(url string, d time.Duration) (string, error) {
	ch := make(chan string, 1)
	go func() {
		ch <- get(url)
	}()
	select {
	case body := <-ch:
		return body, nil
	case <-time.After(d):
		return "", errors.New("timeout")
	}
}

// goroutine-send-leak/fixed/gather.go: firstError (the verified patch: len(urls))
func FirstErrorFixed(urls []string, check func(string) error) error {
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

// range-unclosed-channel/fixed/consume.go: process
func ProcessFixed(jobs []string, handle func(string)) {
	work := make(chan string, len(jobs))
	go func() {
		for j := range work {
			handle(j)
		}
	}()
	for _, j := range jobs {
		work <- j
	}
	close(work)
}

// select-loop-no-exit: the verified patch adds a ctx.Done() case
func StartWorkerFixed(ctx context.Context, jobs chan string, handle func(string)) {
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case j := <-jobs:
				handle(j)
			default:
				time.Sleep(time.Millisecond)
			}
		}
	}()
}

// nil-channel-op/fixed/job.go: runJob (the verified patch: make the channel)
func RunJobFixed(work func()) {
	done := make(chan struct{})
	go func() {
		work()
		done <- struct{}{}
	}()
	<-done
}

// close-by-receiver/fixed/take.go: take
func TakeFixed(n int, gen func(int) int, panics chan<- any) []int {
	ch := make(chan int)
	done := make(chan struct{})
	defer close(done)
	for i := 0; i < 4; i++ {
		go func() {
			defer func() {
				if r := recover(); r != nil {
					panics <- r
				}
			}()
			for j := 0; ; j++ {
				select {
				case ch <- gen(j):
				case <-done:
					return
				}
			}
		}()
	}
	var out []int
	for v := range ch {
		out = append(out, v)
		if len(out) == n {
			break
		}
	}
	return out
}
