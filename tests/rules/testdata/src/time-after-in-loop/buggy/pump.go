package buggy

import "time"

// shape: idle timeout per message; messages usually win, so timers pile up
func pump(msgs <-chan string, handle func(string)) {
	for {
		select {
		case m := <-msgs:
			handle(m)
		case <-time.After(time.Minute): // want "time-after-in-loop: new timer on every iteration"
			return
		}
	}
}

// shape: periodic flush that is restarted on every event
func batch(events <-chan int, done <-chan struct{}, flush func(), d time.Duration) {
	for {
		select {
		case <-done:
			return
		case e := <-events:
			_ = e
		case <-time.After(d): // want "time-after-in-loop: new timer on every iteration"
			flush()
		}
	}
}
