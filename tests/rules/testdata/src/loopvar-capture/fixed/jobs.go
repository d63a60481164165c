package fixed

import "sync"

// shape: shadow the range value
func RunAll(jobs []string, run func(string)) int {
	var wg sync.WaitGroup
	n := 0
	for _, job := range jobs {
		wg.Add(1)
		job := job
		go func() {
			defer wg.Done()
			run(job)
		}()
		n++
	}
	wg.Wait()
	return n
}

// shape: pass the index as an argument
func Fill(out []int) {
	var wg sync.WaitGroup
	for i := 0; i < len(out); i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			out[i] = i * i
		}(i)
	}
	wg.Wait()
}
