package fixed

import "os"

// shape: a goroutine literal waits on a local channel that is made after it starts
func RemoveLater(paths []string) func() {
	start := make(chan struct{})
	go func() {
		<-start
		for _, p := range paths {
			os.Remove(p)
		}
	}()
	return func() { close(start) }
}
