package buggy

import "os"

// shape: a goroutine literal waits on a local channel that is made after it starts
func RemoveLater(paths []string) func() {
	var start chan struct{}
	go func() { // want "go-before-init: initialises only afterwards"
		<-start
		for _, p := range paths {
			os.Remove(p)
		}
	}()
	start = make(chan struct{})
	return func() { close(start) }
}
