package ok

import "time"

func probe() bool { return true }

// The loop polls until the result arrives: it never ends before receiving it.
func waitResult() bool {
	result := make(chan bool)
	go func() {
		result <- probe()
	}()
	for {
		select {
		case ok := <-result:
			return ok
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// The loop may run out, but the value is received after it in any case.
func waitThenTake() bool {
	result := make(chan bool)
	go func() {
		result <- probe()
	}()
	for i := 0; i < 3; i++ {
		select {
		case ok := <-result:
			return ok
		case <-time.After(100 * time.Millisecond):
		}
	}
	return <-result
}
