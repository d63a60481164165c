package buggy

import "sync"

// shape: a worker function taking the WaitGroup returns early on a sentinel
func worker(jobs <-chan int, results chan<- int, wg *sync.WaitGroup) {
	for j := range jobs {
		if j < 0 {
			return // want "waitgroup-done-missing: blocks forever"
		}
		results <- j * j
	}
	wg.Done()
}

func Squares(in []int) int {
	jobs := make(chan int, len(in))
	results := make(chan int, len(in))
	var wg sync.WaitGroup
	wg.Add(1)
	go worker(jobs, results, &wg)
	for _, v := range in {
		jobs <- v
	}
	close(jobs)
	wg.Wait()
	close(results)
	sum := 0
	for r := range results {
		sum += r
	}
	return sum
}

// shape: a goroutine that stops early when told to skip
func Notify(targets []string, skip func(string) bool, send func(string)) {
	var wg sync.WaitGroup
	for _, t := range targets {
		wg.Add(1)
		go func() {
			if skip(t) {
				return // want "waitgroup-done-missing: blocks forever"
			}
			send(t)
			wg.Done()
		}()
	}
	wg.Wait()
}
