package ok

import "runtime"

// Gather collects every result, starting at most budget workers while results are pending.
func Gather(work chan func() int, budget int) []int {
	results := make(chan int)
	var out []int
	pending := len(work)
	for pending > 0 {
		select {
		case r := <-results:
			out = append(out, r)
			pending--
		default:
			if budget <= 0 || len(work) == 0 {
				out = append(out, <-results)
				pending--
				break
			}
			// shape: a goroutine budget the loop counts down
			go func() {
				for w := range work {
					results <- w()
				}
			}()
			budget--
			runtime.Gosched()
		}
	}
	return out
}
