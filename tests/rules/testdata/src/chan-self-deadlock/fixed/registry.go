package fixed

// Leave gives up once the loop has stopped, so the loop's own shutdown cannot block in it.
type Registry struct {
	members map[*Member]bool
	join    chan *Member
	leave   chan *Member
	quit    chan struct{}
}

type Member struct {
	reg  *Registry
	name string
}

func NewRegistry() *Registry {
	r := &Registry{
		members: make(map[*Member]bool),
		join:    make(chan *Member),
		leave:   make(chan *Member),
		quit:    make(chan struct{}),
	}
	go r.loop()
	return r
}

func (r *Registry) Leave(m *Member) {
	select {
	case r.leave <- m:
	case <-r.quit:
	}
}

func (r *Registry) Join(m *Member) {
	r.join <- m
}

func (m *Member) Close() {
	m.reg.Leave(m)
}

func (r *Registry) loop() {
	for {
		select {
		case m := <-r.join:
			r.members[m] = true
		case m := <-r.leave:
			delete(r.members, m)
		case <-r.quit:
			for m := range r.members {
				m.Close()
			}
			return
		}
	}
}
