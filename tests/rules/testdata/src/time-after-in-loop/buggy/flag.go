package buggy

import "time"

// The flag is set only when the timer fires: while messages keep coming, every iteration
// leaves one more minute-long timer behind.
func drainUntilQuiet(msgs <-chan string, handle func(string)) {
	quiet := false
	for !quiet {
		select {
		case m := <-msgs:
			handle(m)
		case <-time.After(time.Minute): // want "time-after-in-loop: new timer on every iteration"
			quiet = true
		}
	}
}
