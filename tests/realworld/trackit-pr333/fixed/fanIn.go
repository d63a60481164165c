package s3

import "sync"

// mergecLineItem forwards to out everything read from the channels that
// arrive on cs, and closes out once cs and all of them are drained.
func mergecLineItem(out chan<- LineItem, cs <-chan <-chan LineItem) {
	var wg sync.WaitGroup
	for c := range cs {
		wg.Add(1)
		go func(c <-chan LineItem) {
			defer wg.Done()
			for li := range c {
				out <- li
			}
		}(c)
	}
	go func() {
		wg.Wait()
		close(out)
	}()
}

// mergecdLineItem makes the channels of a fan-in and starts it.
func mergecdLineItem() (chan<- <-chan LineItem, <-chan LineItem) {
	in := make(chan (<-chan LineItem))
	out := make(chan LineItem)
	go mergecLineItem(out, in)
	return in, out
}
