package ok

import "time"

func connect(side int) bool { return side >= 0 }

// The loop leaves only once the other side's value has come as well: each break tests the
// flag only the other receive sets.
func connectPair() bool {
	left := make(chan bool)
	right := make(chan bool)
	go func() { left <- connect(0) }()
	go func() { right <- connect(1) }()
	leftDone, rightDone := false, false
	for {
		select {
		case leftDone = <-left:
			if rightDone {
				return true
			}
		case rightDone = <-right:
			if leftDone {
				return true
			}
		case <-time.After(10 * time.Millisecond):
		}
	}
}
