package ok

type Event struct{ err error }

type handle struct {
	terminated chan string
}

// waitTerminated receives one message from each goroutine that is done.
func (h *handle) waitTerminated(n int) {
	for ; n > 0; n-- {
		<-h.terminated
	}
}

// shape: the goroutines report that they are done as their last act, and Close waits for
// those reports through a helper before closing the channel they send on
type Producer struct {
	handle   handle
	events   chan Event
	requests chan string
	stop     chan struct{}
}

func NewProducer() *Producer {
	p := &Producer{handle: handle{terminated: make(chan string)}, events: make(chan Event, 16), requests: make(chan string), stop: make(chan struct{})}
	go p.serve()
	go p.poll()
	return p
}

func (p *Producer) serve() {
	for r := range p.requests {
		if r == "" {
			p.events <- Event{}
		}
	}
	p.handle.terminated <- "serve"
}

func (p *Producer) poll() {
	for {
		select {
		case <-p.stop:
			p.handle.terminated <- "poll"
			return
		default:
			p.events <- Event{}
		}
	}
}

func (p *Producer) Close() {
	close(p.stop)
	close(p.requests)
	p.handle.waitTerminated(2)
	close(p.events)
}
