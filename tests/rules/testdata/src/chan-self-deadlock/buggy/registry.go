package buggy

// Registry's loop is the only goroutine that receives from leave. On shutdown the loop closes
// every member, and a closing member leaves by sending on that same unbuffered channel.
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

// shape: the send is reached from the loop that alone receives it
func (r *Registry) Leave(m *Member) {
	r.leave <- m // want "chan-self-deadlock: alone receives from `Registry.leave`"
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
