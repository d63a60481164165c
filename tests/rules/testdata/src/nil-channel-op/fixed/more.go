package fixed

// shape: a made channel can be closed
func stop(flush func()) {
	quit := make(chan bool)
	flush()
	close(quit)
}

// shape: range over a made, closed channel
func collect(vals []int, n int) []int {
	results := make(chan int, len(vals))
	for _, v := range vals {
		results <- v
	}
	close(results)
	var out []int
	for r := range results {
		out = append(out, r)
		if len(out) == n {
			break
		}
	}
	return out
}
