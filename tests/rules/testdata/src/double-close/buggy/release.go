package buggy

type resizeEvent struct{ w, h int }

// The first resize releases the render loop; every later one closes the channel again.
type surface struct {
	w, h  int
	ready chan struct{}
}

func (s *surface) resized(w, h int) {
	s.w, s.h = w, h
	close(s.ready) // want "double-close: panic: close of closed channel"
}

func (s *surface) events(in <-chan resizeEvent) {
	for ev := range in {
		s.resized(ev.w, ev.h)
	}
}
