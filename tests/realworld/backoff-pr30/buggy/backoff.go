package backoff

// Continue reports whether the caller may fire the next attempt:
//
//	for backoff.Continue(c) {
//	    ... your code ...
//	}
func Continue(c Controller) bool {
	select {
	case <-c.Done():
		return false
	case _, ok := <-c.Next():
		return ok
	}
}
