package ok

import (
	"net"
	"sync"
	"sync/atomic"
)

// shape: two goroutines fail through one method whose close runs through sync.Once
type onceLink struct {
	conn     net.Conn
	quit     chan struct{}
	quitOnce sync.Once
}

func (l *onceLink) Start() {
	go l.writer()
	go l.reader()
}

func (l *onceLink) fail() {
	l.quitOnce.Do(func() { close(l.quit) })
}

func (l *onceLink) writer() {
	if _, err := l.conn.Write(nil); err != nil {
		l.fail()
	}
}

func (l *onceLink) reader() {
	if _, err := l.conn.Read(nil); err != nil {
		l.fail()
	}
}

// shape: a mutex and a closed flag, checked by every closer
type flagLink struct {
	mu     sync.Mutex
	closed bool
	conn   net.Conn
	quit   chan struct{}
}

func (l *flagLink) Start() {
	go l.writer()
	go l.reader()
}

func (l *flagLink) fail() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return
	}
	l.closed = true
	close(l.quit)
}

func (l *flagLink) writer() {
	if _, err := l.conn.Write(nil); err != nil {
		l.fail()
	}
}

func (l *flagLink) reader() {
	if _, err := l.conn.Read(nil); err != nil {
		l.fail()
	}
}

// shape: one goroutine leaves through one of two exits, each closing the output channels once
type pump struct {
	in   chan int
	out  chan int
	errs chan error
	kill chan struct{}
}

func newPump() *pump {
	p := &pump{in: make(chan int), out: make(chan int), errs: make(chan error, 1), kill: make(chan struct{})}
	go p.run()
	return p
}

func (p *pump) run() {
	for {
		select {
		case v := <-p.in:
			if v < 0 {
				p.failWith(nil)
				return
			}
			p.out <- v
		case <-p.kill:
			p.finish()
			return
		}
	}
}

func (p *pump) failWith(err error) {
	close(p.out)
	p.errs <- err
}

func (p *pump) finish() {
	close(p.out)
}

// shape: a restartable component makes a fresh stop channel on every Start
type restartable struct {
	stop chan struct{}
}

func (r *restartable) Start() {
	r.stop = make(chan struct{})
	go r.loop()
}

func (r *restartable) loop() {
	<-r.stop
}

func (r *restartable) abort() {
	close(r.stop)
}

func (r *restartable) Stop() {
	close(r.stop)
}

// shape: an atomic compare-and-swap picks the one closer
type casPeer struct {
	conn    net.Conn
	done    chan struct{}
	stopped atomic.Bool
}

func newCasPeer(c net.Conn) *casPeer {
	p := &casPeer{conn: c, done: make(chan struct{})}
	go p.reader()
	go p.writer()
	return p
}

func (p *casPeer) reader() {
	if _, err := p.conn.Read(nil); err != nil {
		p.shut()
	}
}

func (p *casPeer) writer() {
	if _, err := p.conn.Write(nil); err != nil {
		p.shut()
	}
}

func (p *casPeer) shut() {
	if p.stopped.CompareAndSwap(false, true) {
		close(p.done)
	}
}

// shape: the select that finds quit open and the close run under one lock: the second caller finds it closed
type lockedLink struct {
	mu   sync.Mutex
	quit chan struct{}
	conn net.Conn
}

func (l *lockedLink) Start() {
	go l.reader()
	go l.writer()
}

func (l *lockedLink) closeQuit() {
	l.mu.Lock()
	defer l.mu.Unlock()
	select {
	case <-l.quit:
	default:
		close(l.quit)
	}
}

func (l *lockedLink) reader() {
	if _, err := l.conn.Read(nil); err != nil {
		l.closeQuit()
	}
}

func (l *lockedLink) writer() {
	if _, err := l.conn.Write(nil); err != nil {
		l.closeQuit()
	}
}

// shape: the shutting-down flag is checked and set under the lock, and the close after the unlock runs for the one caller that set it
type flagServer struct {
	mu       sync.Mutex
	shutdown bool
	quit     chan struct{}
	conn     net.Conn
}

func (s *flagServer) Start() {
	go s.reader()
	go s.writer()
}

func (s *flagServer) Shutdown() {
	s.mu.Lock()
	if s.shutdown {
		s.mu.Unlock()
		return
	}
	s.shutdown = true
	s.mu.Unlock()
	close(s.quit)
}

func (s *flagServer) reader() {
	if _, err := s.conn.Read(nil); err != nil {
		s.Shutdown()
	}
}

func (s *flagServer) writer() {
	if _, err := s.conn.Write(nil); err != nil {
		s.Shutdown()
	}
}
