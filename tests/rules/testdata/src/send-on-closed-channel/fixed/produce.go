package fixed

import "sync"

// shape: wait for every sender before closing
func doubleAll(items []int) chan int {
	out := make(chan int, len(items))
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out <- it * 2
		}()
	}
	wg.Wait()
	close(out)
	return out
}

// shape: the producer goroutine closes the channel itself
func stream(lines []string) <-chan string {
	ch := make(chan string, len(lines))
	go func() {
		defer close(ch)
		for _, l := range lines {
			ch <- l
		}
	}()
	return ch
}
