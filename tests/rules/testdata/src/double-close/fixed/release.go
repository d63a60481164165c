package fixed

import "sync"

type resizeEvent struct{ w, h int }

type surface struct {
	w, h      int
	ready     chan struct{}
	readyOnce sync.Once
}

func (s *surface) resized(w, h int) {
	s.w, s.h = w, h
	s.readyOnce.Do(func() { close(s.ready) })
}

func (s *surface) events(in <-chan resizeEvent) {
	for ev := range in {
		s.resized(ev.w, ev.h)
	}
}
