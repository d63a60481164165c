package buggy

import "sync"

// shape: a range value captured by a goroutine, with more statements after the go
func RunAll(jobs []string, run func(string)) int {
	var wg sync.WaitGroup
	n := 0
	for _, job := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			run(job) // want "loopvar-capture: shares across all iterations"
		}()
		n++
	}
	wg.Wait()
	return n
}

// shape: the index of a three-clause loop captured by a goroutine
func Fill(out []int) {
	var wg sync.WaitGroup
	for i := 0; i < len(out); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = i * i // want "loopvar-capture: shares across all iterations"
		}()
	}
	wg.Wait()
}
