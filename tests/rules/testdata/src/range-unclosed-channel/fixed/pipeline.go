package fixed

// shape: the only producer closes the channel when it is done
func sumSquares(nums []int) int {
	out := make(chan int)
	go func() {
		defer close(out)
		for _, n := range nums {
			out <- n * n
		}
	}()
	total := 0
	for v := range out {
		total += v
	}
	return total
}
