package ok

type kindCounts struct{ byKind map[string]int }

func (k *kindCounts) bump(kind string) { k.byKind[kind]++ }

type session struct {
	pending map[int]string
	counts  kindCounts
}

func newSession() *session {
	return &session{pending: map[int]string{}, counts: kindCounts{byKind: map[string]int{}}}
}

func (s *session) handle(id int, body string) {
	if _, dup := s.pending[id]; dup {
		return
	}
	s.pending[id] = body
	s.counts.bump("request")
}

func (s *session) serve(ids <-chan int) {
	for id := range ids {
		s.handle(id, "")
	}
}

// shape: each accepted connection gets its own session, made in the loop and handed to its
// own goroutine; the counts it holds by value are its own too
func acceptSessions(conns <-chan (<-chan int)) {
	for ids := range conns {
		s := newSession()
		go s.serve(ids)
	}
}
