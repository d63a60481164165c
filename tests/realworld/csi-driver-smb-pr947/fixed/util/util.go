// Package util holds helpers shared by the SMB CSI driver.
package util

import (
	"time"
)

// ExecFunc returns an exec function's error.
type ExecFunc func() (err error)

// TimeoutFunc returns the error to report when an ExecFunc times out.
type TimeoutFunc func() (err error)

// WaitUntilTimeout waits for the exec function to complete or returns the
// timeout error.
func WaitUntilTimeout(timeout time.Duration, execFunc ExecFunc, timeoutFunc TimeoutFunc) error {
	// channel that receives the completion of the exec function
	done := make(chan bool, 1)
	var err error

	// run the exec function in a goroutine
	go func() {
		err = execFunc()
		done <- true
	}()

	// wait for the function to complete or time out
	select {
	case <-done:
		return err
	case <-time.After(timeout):
		return timeoutFunc()
	}
}
