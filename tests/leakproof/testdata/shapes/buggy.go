// Package shapes holds runnable copies of buggy fixture shapes (tests/rules/testdata/src)
// and their fixed versions; leak_test.go shows the buggy ones really leave goroutines blocked.
package shapes

import (
	"context"
	"errors"
	"time"
)

func get(url string) string { time.Sleep(5 * time.Millisecond); return url }

// goroutine-send-leak/buggy/fetch.go: fetch
func FetchBuggy(url string, d time.Duration) (string, error) {
	ch := make(chan string)
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

// goroutine-send-leak/buggy/gather.go: firstError
func FirstErrorBuggy(urls []string, check func(string) error) error {
	errc := make(chan error)
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

// range-unclosed-channel/buggy/consume.go: process
func ProcessBuggy(jobs []string, handle func(string)) {
	work := make(chan string, len(jobs))
	go func() {
		for j := range work {
			handle(j)
		}
	}()
	for _, j := range jobs {
		work <- j
	}
}

// select-loop-no-exit/buggy/janitor.go: StartWorker (ctx added to share the signature)
func StartWorkerBuggy(ctx context.Context, jobs chan string, handle func(string)) {
	go func() {
		for {
			select {
			case j := <-jobs:
				handle(j)
			default:
				time.Sleep(time.Millisecond)
			}
		}
	}()
}

// nil-channel-op/buggy/job.go: runJob (run in a goroutine by the test: it blocks its caller too)
func RunJobBuggy(work func()) {
	var done chan struct{}
	go func() {
		work()
		done <- struct{}{}
	}()
	<-done
}

// close-by-receiver/buggy/take.go: take (the generators panic; recovered here to count them)
func TakeBuggy(n int, gen func(int) int, panics chan<- any) []int {
	ch := make(chan int)
	for i := 0; i < 4; i++ {
		go func() {
			defer func() {
				if r := recover(); r != nil {
					panics <- r
				}
			}()
			for j := 0; ; j++ {
				ch <- gen(j)
			}
		}()
	}
	var out []int
	for v := range ch {
		out = append(out, v)
		if len(out) == n {
			close(ch)
			break
		}
	}
	return out
}
