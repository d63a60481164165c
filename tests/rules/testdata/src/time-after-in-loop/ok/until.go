package ok

import "time"

// shape: a poll loop whose timer is due a tenth of a second after each pass starts: a few
// timers pending at most, each gone within the tenth
func pollUntilStopped(status func() string, progress <-chan int, seen func(int)) {
	for {
		now := time.Now()
		if status() == "stopped" {
			return
		}
		select {
		case n := <-progress:
			seen(n)
		case <-time.After(time.Until(now.Add(100 * time.Millisecond))):
		}
	}
}

// shape: a follower polls a growing file; its wake-up channel is only ever closed (once, by
// Close), so once it fires the loop stops after the next read
type follower struct {
	read  func() (int, bool)
	wake  chan struct{}
	every time.Duration
}

func (f *follower) Next() int {
	stop := false
	for {
		n, eof := f.read()
		if n > 0 || eof && stop {
			return n
		}
		select {
		case <-f.wake:
			stop = true
		case <-time.After(f.every):
		}
	}
}

func (f *follower) Close() {
	close(f.wake)
}
