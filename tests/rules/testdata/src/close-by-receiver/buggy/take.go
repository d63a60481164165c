package buggy

// shape: several generators, the receiver closes after taking enough
func take(n int, gen func(int) int) []int {
	ch := make(chan int)
	for i := 0; i < 4; i++ {
		go func() {
			for j := 0; ; j++ {
				ch <- gen(j)
			}
		}()
	}
	var out []int
	for v := range ch {
		out = append(out, v)
		if len(out) == n {
			close(ch) // want "close-by-receiver: panic: send on closed channel"
			break
		}
	}
	return out
}

// shape: a receive loop that closes on a sentinel value
func untilZero(src []int) int {
	ch := make(chan int)
	go func() {
		for _, v := range src {
			ch <- v
		}
	}()
	sum := 0
	for {
		v := <-ch
		if v == 0 {
			close(ch) // want "close-by-receiver: panic: send on closed channel"
			return sum
		}
		sum += v
	}
}
