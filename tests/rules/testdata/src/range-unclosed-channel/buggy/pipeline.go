package buggy

// shape: the only producer goroutine returns without closing the channel
func sumSquares(nums []int) int {
	out := make(chan int)
	go func() {
		for _, n := range nums {
			out <- n * n
		}
	}()
	total := 0
	for v := range out { // want "range-unclosed-channel: which nothing closes"
		total += v
	}
	return total
}
