package ok

import "sync"

// shape: the goroutine finishes within the iteration (Wait in the loop body)
func Serial(jobs []string, run func(string)) {
	for _, job := range jobs {
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			run(job)
		}()
		wg.Wait()
	}
}

// shape: the closure is called synchronously, not by go or defer
func Apply(vals []int, f func(int)) {
	for _, v := range vals {
		func() {
			f(v)
		}()
	}
}

// shape: the goroutine uses a per-iteration copy declared in the body
func Copy(vals []int, out chan<- int) {
	for _, v := range vals {
		w := v * 2
		go func() {
			out <- w
		}()
	}
}

// shape: the loop variable is passed as the go statement's argument
func Args(vals []int, out chan<- int) {
	for _, v := range vals {
		go func(x int) {
			out <- x
		}(v)
	}
}

// shape: the goroutine's own loop declares a variable of the same name
func Inner(n int, out chan<- int) {
	for i := 0; i < n; i++ {
		go func() {
			for i := 0; i < 3; i++ {
				out <- i
			}
		}()
	}
}

// shape: a `:=` in the goroutine declares its own variable of the loop variable's name
func Shadow(vals []int, out chan<- int) {
	for _, v := range vals {
		out <- v
		go func() {
			v := 1
			out <- v
		}()
	}
}
