package fixed

// shape: flush inline instead of spawning on every spin
func spin(events <-chan int, flush func()) {
	for {
		select {
		case e := <-events:
			if e < 0 {
				return
			}
		default:
			flush()
		}
	}
}
