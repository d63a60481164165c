package buggy

// shape: close of a channel that was never made
func stop(flush func()) {
	var quit chan bool
	flush()
	close(quit) // want "nil-channel-op: never made"
}

// shape: ranging over a nil channel never yields and never ends
func collect(n int) []int {
	var results chan int
	var out []int
	for r := range results { // want "nil-channel-op: never made"
		out = append(out, r)
		if len(out) == n {
			break
		}
	}
	return out
}
