package buggy

// shape: a consumer goroutine ranges forever after the function stops sending
func process(jobs []string, handle func(string)) {
	work := make(chan string, len(jobs))
	go func() {
		for j := range work { // want "range-unclosed-channel: which nothing closes"
			handle(j)
		}
	}()
	for _, j := range jobs {
		work <- j
	}
}

// shape: a buffered channel filled by the function itself, then ranged over
func drain(items []int) []int {
	buf := make(chan int, len(items))
	for _, it := range items {
		buf <- it
	}
	var out []int
	for v := range buf { // want "range-unclosed-channel: which nothing closes"
		out = append(out, v)
	}
	return out
}
