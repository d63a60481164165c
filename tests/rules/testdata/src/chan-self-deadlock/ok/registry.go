package ok

// The loop closes its members on shutdown, but a member's Close only releases its own
// resources: nothing the loop calls sends to the loop. Leave is for other goroutines.
type Registry struct {
	members map[*Member]bool
	leave   chan *Member
	quit    chan struct{}
}

type Member struct {
	reg    *Registry
	closed bool
}

func NewRegistry() *Registry {
	r := &Registry{members: make(map[*Member]bool), leave: make(chan *Member), quit: make(chan struct{})}
	go r.loop()
	return r
}

func (r *Registry) Leave(m *Member) {
	r.leave <- m
}

func (m *Member) Close() {
	m.closed = true
}

func (r *Registry) loop() {
	for {
		select {
		case m := <-r.leave:
			delete(r.members, m)
			m.Close()
		case <-r.quit:
			for m := range r.members {
				m.Close()
			}
			return
		}
	}
}
