package ok

import "time"

// retrier retries a dial until it works.
type retrier struct {
	attempts int
	dial     func() error
}

func (r *retrier) try() error {
	r.attempts++
	return r.dial()
}

// shape: the loop that polls the counter runs on the goroutine that writes it
func (r *retrier) run(pause time.Duration) {
	for r.attempts < 5 {
		if r.try() == nil {
			return
		}
		time.Sleep(pause)
	}
}

func startRetrier(r *retrier) {
	go r.run(time.Second)
}
