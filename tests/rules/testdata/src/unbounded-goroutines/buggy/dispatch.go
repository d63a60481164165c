package buggy

// shape: an endless loop that starts a goroutine on every pass and never waits for anything
func keepAlive(ping func() error) {
	for {
		go func() { // want "unbounded-goroutines: with no bound"
			_ = ping()
		}()
	}
}

// shape: a select default spawns whenever the queue is momentarily empty
func drain(queue <-chan int, idle func(), use func(int)) {
	for {
		select {
		case q, ok := <-queue:
			if !ok {
				return
			}
			use(q)
		default:
			go idle() // want "unbounded-goroutines: with no bound"
		}
	}
}
