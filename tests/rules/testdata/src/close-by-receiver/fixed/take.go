package fixed

// shape: generators stop on a done channel instead of having their channel closed
func take(n int, gen func(int) int) []int {
	ch := make(chan int)
	done := make(chan struct{})
	defer close(done)
	for i := 0; i < 4; i++ {
		go func() {
			for j := 0; ; j++ {
				select {
				case ch <- gen(j):
				case <-done:
					return
				}
			}
		}()
	}
	var out []int
	for v := range ch {
		out = append(out, v)
		if len(out) == n {
			break
		}
	}
	return out
}

// shape: the producer closes, the receiver drains
func untilZero(src []int) int {
	ch := make(chan int, len(src))
	go func() {
		defer close(ch)
		for _, v := range src {
			ch <- v
		}
	}()
	sum := 0
	for v := range ch {
		if v == 0 {
			break
		}
		sum += v
	}
	return sum
}
