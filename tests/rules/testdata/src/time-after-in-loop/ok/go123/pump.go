// Package go123 is a module on go 1.23: unfired timers are collected, time.After in a loop is fine.
package go123

import "time"

// shape: idle timeout per message under go 1.23 timer semantics
func Pump(msgs <-chan string, handle func(string)) {
	for {
		select {
		case m := <-msgs:
			handle(m)
		case <-time.After(time.Minute):
			return
		}
	}
}
