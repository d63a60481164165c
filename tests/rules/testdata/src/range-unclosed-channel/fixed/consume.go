package fixed

// shape: the sending function closes the channel after the last send
func process(jobs []string, handle func(string)) {
	work := make(chan string, len(jobs))
	go func() {
		for j := range work {
			handle(j)
		}
	}()
	for _, j := range jobs {
		work <- j
	}
	close(work)
}

// shape: closed after filling, before ranging
func drain(items []int) []int {
	buf := make(chan int, len(items))
	for _, it := range items {
		buf <- it
	}
	close(buf)
	var out []int
	for v := range buf {
		out = append(out, v)
	}
	return out
}
