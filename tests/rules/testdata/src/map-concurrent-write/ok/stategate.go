package ok

import "sync"

type phase int

const (
	idle phase = iota
	serving
	draining
)

type job struct{ name string }

type addJob struct {
	j     job
	reply chan int
}

// dispatcher registers jobs itself while idle; once serving, its loop owns the table and
// registrations go through the control channel.
type dispatcher struct {
	mu      sync.Mutex
	state   phase
	next    int
	jobs    map[int]job
	pending []int
	control chan interface{}
}

func newDispatcher() *dispatcher {
	return &dispatcher{jobs: map[int]job{}, control: make(chan interface{})}
}

func (d *dispatcher) Register(j job) int {
	d.mu.Lock()
	if d.state == idle {
		id := d.next
		d.next++
		d.jobs[id] = j
		d.pending = append(d.pending, id)
		d.mu.Unlock()
		return id
	}
	d.mu.Unlock()
	reply := make(chan int)
	d.control <- addJob{j, reply}
	return <-reply
}

func (d *dispatcher) Start() {
	go d.Run()
}

func (d *dispatcher) Run() {
	d.mu.Lock()
	if d.state != idle {
		d.mu.Unlock()
		panic("dispatcher already running")
	}
	d.state = serving
	d.mu.Unlock()
	defer func() {
		d.mu.Lock()
		d.state = idle
		d.mu.Unlock()
	}()

	for _, id := range d.pending {
		_ = d.jobs[id]
	}
	d.pending = nil
	for m := range d.control {
		switch msg := m.(type) {
		case addJob:
			id := d.next
			d.next++
			d.jobs[id] = msg.j
			msg.reply <- id
		case int:
			d.forget(msg)
		}
	}
}

func (d *dispatcher) forget(id int) {
	delete(d.jobs, id)
	d.mu.Lock()
	d.state = draining
	d.mu.Unlock()
}
