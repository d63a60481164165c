package fixed

// shape: the channel is made before use
func runJob(work func()) {
	done := make(chan struct{})
	go func() {
		work()
		done <- struct{}{}
	}()
	<-done
}
