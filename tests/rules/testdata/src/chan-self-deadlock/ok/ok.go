package ok

import (
	"strings"
	"sync"
)

// shape: the send happens in a goroutine, the same function receives
func Compute(x int) int {
	out := make(chan int)
	go func() {
		out <- x * x
	}()
	return <-out
}

// shape: a non-blocking send (select with default) followed by the receive
func TryNotify(events []string) []string {
	note := make(chan string)
	var got []string
	for _, e := range events {
		select {
		case note <- e:
		default:
			got = append(got, e)
		}
	}
	select {
	case e := <-note:
		got = append(got, e)
	default:
	}
	return got
}

// shape: Wait and close in their own goroutine while the caller drains the channel
func CountWords(docs []string) int {
	counts := make(chan int)
	var wg sync.WaitGroup
	for _, d := range docs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			counts <- len(strings.Fields(d))
		}()
	}
	go func() {
		wg.Wait()
		close(counts)
	}()
	total := 0
	for n := range counts {
		total += n
	}
	return total
}

// shape: Wait before draining a channel buffered for every sender
func Lengths(docs []string) []int {
	lens := make(chan int, len(docs))
	var wg sync.WaitGroup
	for _, d := range docs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lens <- len(d)
		}()
	}
	wg.Wait()
	close(lens)
	var out []int
	for n := range lens {
		out = append(out, n)
	}
	return out
}

// shape: a channel handed to a helper that receives in another goroutine
func Relay(msg string) string {
	ch := make(chan string)
	go echo(ch)
	ch <- msg
	return <-ch
}

func echo(ch chan string) {
	m := <-ch
	ch <- strings.ToUpper(m)
}
