package fixed

import (
	"net"
	"sync"
)

// shape: two different goroutines of one connection both fail through the same method, which
// closes the quit channel once
type link struct {
	conn     net.Conn
	quit     chan struct{}
	out      chan []byte
	quitOnce sync.Once
}

func (l *link) Start() {
	go l.writer()
	go l.reader()
}

func (l *link) fail() {
	l.quitOnce.Do(func() { close(l.quit) })
	l.conn.Close()
}

func (l *link) writer() {
	for {
		select {
		case b := <-l.out:
			if _, err := l.conn.Write(b); err != nil {
				l.fail()
				return
			}
		case <-l.quit:
			return
		}
	}
}

func (l *link) reader() {
	buf := make([]byte, 512)
	for {
		if _, err := l.conn.Read(buf); err != nil {
			l.fail()
			return
		}
	}
}

// shape: a polling goroutine's failure path and the exported Shutdown close stop under a mutex
// and a closed flag
type poller struct {
	mu     sync.Mutex
	closed bool
	stop   chan struct{}
	poll   func() error
}

func newPoller(poll func() error) *poller {
	p := &poller{stop: make(chan struct{}), poll: poll}
	go p.loop()
	return p
}

func (p *poller) loop() {
	for {
		select {
		case <-p.stop:
			return
		default:
		}
		if err := p.poll(); err != nil {
			p.abandon()
			return
		}
	}
}

func (p *poller) abandon() {
	p.Shutdown()
}

func (p *poller) Shutdown() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.closed {
		p.closed = true
		close(p.stop)
	}
}

// shape: the flag check-then-set runs under a mutex
type peer struct {
	mu         sync.Mutex
	conn       net.Conn
	done       chan struct{}
	terminated string
}

func newPeer(c net.Conn, l net.Listener) *peer {
	p := &peer{conn: c, done: make(chan struct{})}
	go p.watchConn()
	go func() {
		if _, err := l.Accept(); err != nil {
			p.Close("listener")
		}
	}()
	return p
}

func (p *peer) watchConn() {
	if _, err := p.conn.Read(make([]byte, 1)); err != nil {
		p.Close("conn")
	}
}

func (p *peer) Close(who string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.terminated == "" {
		p.terminated = who
		close(p.done)
	}
}
