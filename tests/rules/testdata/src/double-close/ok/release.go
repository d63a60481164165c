package ok

type resizeEvent struct{ w, h int }

// Each pane closes its own channel once; the loop visits every pane, not one pane twice.
type pane struct {
	w, h  int
	ready chan struct{}
}

func (p *pane) resized(w, h int) {
	p.w, p.h = w, h
	close(p.ready)
}

func resizeAll(panes []*pane, ev resizeEvent) {
	for _, p := range panes {
		p.resized(ev.w, ev.h)
	}
}

// The flag the loop keeps lets the first event through only.
type surface struct {
	w, h  int
	ready chan struct{}
}

func (s *surface) release(w, h int) {
	s.w, s.h = w, h
	close(s.ready)
}

func (s *surface) events(in <-chan resizeEvent) {
	released := false
	for ev := range in {
		if !released {
			s.release(ev.w, ev.h)
			released = true
		}
	}
}

// A restartable stream makes its channel afresh each time it starts.
type stream struct {
	done chan struct{}
}

func (s *stream) stop() {
	close(s.done)
	s.done = make(chan struct{})
}

func (s *stream) cycle(n int) {
	for i := 0; i < n; i++ {
		s.stop()
	}
}
