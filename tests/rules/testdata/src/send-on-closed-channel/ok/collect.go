package ok

// every value is received before the function can return: the close comes after the last send
func sumAll(parts [][]int) int {
	sums := make(chan int, len(parts))
	defer close(sums)
	for _, p := range parts {
		go func(p []int) {
			t := 0
			for _, v := range p {
				t += v
			}
			sums <- t
		}(p)
	}
	total := 0
	for range parts {
		total += <-sums
	}
	return total
}

// the only return in the loop comes once the count says every sender has sent
func countAll(parts [][]int) int {
	done := make(chan int, len(parts))
	defer close(done)
	for _, p := range parts {
		go func(p []int) {
			done <- len(p)
		}(p)
	}
	total, seen := 0, 0
	for n := range done {
		total += n
		seen++
		if seen == len(parts) {
			return total
		}
	}
	return total
}
