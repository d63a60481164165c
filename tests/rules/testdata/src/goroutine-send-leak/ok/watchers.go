package ok

import "time"

type probeFn func(name string) (int, error)

// shape: the result channel the spawner hands over has room for the one error sent before
// the goroutine leaves
func probeOnce(name string, p probeFn, out chan<- int, errc chan<- error, quit <-chan struct{}) {
	for {
		v, err := p(name)
		if err != nil {
			errc <- err
			return
		}
		select {
		case out <- v:
		case <-quit:
			return
		}
	}
}

func runProbe(name string, p probeFn, quit chan struct{}) (<-chan int, <-chan error) {
	out := make(chan int)
	errc := make(chan error, 1)
	go probeOnce(name, p, out, errc, quit)
	return out, errc
}

// shape: after the loop ends on quit, a final summary goes to a caller that waits for it
type summarizer struct {
	in      chan int
	quit    chan struct{}
	summary chan int
	partial chan int
}

func (s *summarizer) Start() {
	go s.run()
}

func (s *summarizer) run() {
	total := 0
loop:
	for {
		select {
		case v := <-s.in:
			total += v
			select {
			case s.partial <- total:
			case <-s.quit:
				break loop
			}
		case <-s.quit:
			break loop
		}
	}
	s.summary <- total
}

func (s *summarizer) Stop() int {
	close(s.quit)
	return <-s.summary
}

// shape: sends that may be dropped use a select with default
func pollNonBlocking(p probeFn, out chan<- int, quit <-chan struct{}) {
	for {
		v, _ := p("x")
		select {
		case out <- v:
		case <-quit:
			return
		}
		select {
		case out <- -v:
		default:
		}
	}
}

func startPoll(p probeFn, quit chan struct{}) <-chan int {
	out := make(chan int)
	go pollNonBlocking(p, out, quit)
	return out
}

// shape: one stop value per waiting goroutine, sent in a loop
type pair struct {
	stop chan struct{}
	n    int
}

func (p *pair) Run(work func()) {
	for i := 0; i < 2; i++ {
		go func() {
			for {
				select {
				case <-p.stop:
					return
				case <-time.After(time.Second):
					work()
				}
			}
		}()
	}
}

func (p *pair) Halt() {
	for i := 0; i < 2; i++ {
		p.stop <- struct{}{}
	}
}

// shape: two goroutines wait on stop, but Halt closes it and Pause sends to one that keeps
// receiving
type pauser struct {
	stop  chan struct{}
	pause chan struct{}
}

func (p *pauser) Run(work func()) {
	go func() {
		for {
			select {
			case <-p.stop:
				return
			case <-p.pause:
				time.Sleep(time.Second)
			default:
				work()
			}
		}
	}()
	go func() {
		<-p.stop
	}()
}

func (p *pauser) Pause() {
	p.pause <- struct{}{}
}

func (p *pauser) Halt() {
	close(p.stop)
}

// shape: the helper's goroutine sends its one error on a channel the caller buffers for
// every helper it starts
type source struct {
	read func() (string, error)
}

func (s *source) follow(stop <-chan struct{}, lines chan<- string, errc chan<- error) {
	go func() {
		for {
			v, err := s.read()
			if err != nil {
				errc <- err
				return
			}
			select {
			case lines <- v:
			case <-stop:
				return
			}
		}
	}()
}

func (s *source) tailBoth(other *source) error {
	stop := make(chan struct{})
	defer close(stop)
	lines := make(chan string)
	errc := make(chan error, 2)
	s.follow(stop, lines, errc)
	other.follow(stop, lines, errc)
	for {
		select {
		case <-lines:
		case err := <-errc:
			return err
		}
	}
}
