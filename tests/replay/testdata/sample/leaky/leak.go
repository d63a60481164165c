// Package leaky leaks goroutines and blocks forever.
package leaky

// First returns the first result; every other sender blocks forever.
func First(inputs []int) int {
	ch := make(chan int)
	for _, v := range inputs {
		go func(v int) {
			ch <- v * 2
		}(v)
	}
	return <-ch
}

// Sum ranges over a channel nobody closes.
func Sum(ch chan int) int {
	total := 0
	for v := range ch {
		total += v
	}
	return total
}
