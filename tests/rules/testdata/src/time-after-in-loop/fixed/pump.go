package fixed

import "time"

// shape: one idle timer, reset per message
func pump(msgs <-chan string, handle func(string)) {
	timer := time.NewTimer(time.Minute)
	defer timer.Stop()
	for {
		if !timer.Stop() {
			select {
			case <-timer.C:
			default:
			}
		}
		timer.Reset(time.Minute)
		select {
		case m := <-msgs:
			handle(m)
		case <-timer.C:
			return
		}
	}
}

// shape: one flush timer, reset on every event
func batch(events <-chan int, done <-chan struct{}, flush func(), d time.Duration) {
	timer := time.NewTimer(d)
	defer timer.Stop()
	for {
		if !timer.Stop() {
			select {
			case <-timer.C:
			default:
			}
		}
		timer.Reset(d)
		select {
		case <-done:
			return
		case e := <-events:
			_ = e
		case <-timer.C:
			flush()
		}
	}
}
