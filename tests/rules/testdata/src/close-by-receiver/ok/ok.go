package ok

import "sync"

// shape: the receiver waits for every sender, then closes
func gather(items []int) []int {
	ch := make(chan int, len(items))
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ch <- it
		}()
	}
	var out []int
	for len(out) < len(items) {
		out = append(out, <-ch)
		if len(out) == len(items) {
			wg.Wait()
			close(ch)
		}
	}
	return out
}

// shape: the producer closes; the consumer only receives
func consume(items []string) int {
	ch := make(chan string)
	go func() {
		defer close(ch)
		for _, it := range items {
			ch <- it
		}
	}()
	n := 0
	for range ch {
		n++
	}
	return n
}

// shape: a single request/response, no sender left when the receiver closes
func once(f func() int) int {
	ch := make(chan int, 1)
	go func() { ch <- f() }()
	for v := range ch {
		close(ch)
		return v
	}
	return 0
}
