package buggy

// shape: a done channel declared but never made: both sides block forever
func runJob(work func()) {
	var done chan struct{}
	go func() {
		work()
		done <- struct{}{} // want "nil-channel-op: never made"
	}()
	<-done // want "nil-channel-op: never made"
}
