package ok

// shape: each branch starts its own producer, and the one that runs closes the channel: one close per call
func sumEither(fromCache bool, cached, fresh []int) int {
	out := make(chan int)
	if fromCache {
		go func() {
			for _, v := range cached {
				out <- v
			}
			close(out)
		}()
	} else {
		go func() {
			for _, v := range fresh {
				out <- v * 2
			}
			close(out)
		}()
	}
	total := 0
	for v := range out {
		total += v
	}
	return total
}
