package stop

import "testing"

// Shutdown and a deferred cleanup both stop the worker.
func TestStopTwice(t *testing.T) {
	w := New()
	defer w.Stop()
	w.Stop()
}
