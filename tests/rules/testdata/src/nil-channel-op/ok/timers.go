package ok

import "time"

// shape: a timer made by NewTimer has a channel to drain
func waitOrStop(d time.Duration, work func() bool) {
	t := time.NewTimer(d)
	if work() && !t.Stop() {
		<-t.C
	}
}

// shape: a variable that holds an AfterFunc timer on one path and a NewTimer timer on another
func pick(d time.Duration, f func(), async bool) {
	var t *time.Timer
	if async {
		t = time.AfterFunc(d, f)
	} else {
		t = time.NewTimer(d)
	}
	if !async {
		<-t.C
		f()
	}
}

// shape: in a select, a nil channel's case is never chosen: the select still moves on
func either(d time.Duration, f func(), done <-chan struct{}) {
	t := time.AfterFunc(d, f)
	select {
	case <-t.C:
	case <-done:
	}
}
