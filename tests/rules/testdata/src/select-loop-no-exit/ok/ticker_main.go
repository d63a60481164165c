package ok

import "time"

// shape: a ticker loop started from main lives as long as the process on purpose
func main() {
	go func() {
		for range time.Tick(time.Second) {
			println("tick")
		}
	}()
	select {}
}
