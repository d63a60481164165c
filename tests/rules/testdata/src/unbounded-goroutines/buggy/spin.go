package buggy

// shape: a select default case spawns on every idle spin
func spin(events <-chan int, flush func()) {
	for {
		select {
		case e := <-events:
			if e < 0 {
				return
			}
		default:
			go flush() // want "unbounded-goroutines: with no bound"
		}
	}
}
