// Package go123 is a module on go 1.23: unstopped, unreferenced tickers are collected.
package go123

import "time"

// shape: time.Tick in a function that returns, fine from go 1.23 on
func WaitReady(ready func() bool) {
	for range time.Tick(100 * time.Millisecond) {
		if ready() {
			return
		}
	}
}
