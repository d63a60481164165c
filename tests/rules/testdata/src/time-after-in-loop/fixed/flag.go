package fixed

import "time"

// One timer, reset after each message.
func drainUntilQuiet(msgs <-chan string, handle func(string)) {
	quiet := time.NewTimer(time.Minute)
	defer quiet.Stop()
	for {
		select {
		case m := <-msgs:
			handle(m)
			if !quiet.Stop() {
				<-quiet.C
			}
			quiet.Reset(time.Minute)
		case <-quiet.C:
			return
		}
	}
}
