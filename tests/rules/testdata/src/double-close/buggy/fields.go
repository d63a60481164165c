package buggy

import "net"

// shape: two different goroutines of one connection both fail through the same method, which
// closes the quit channel unconditionally
type link struct {
	conn net.Conn
	quit chan struct{}
	out  chan []byte
}

func (l *link) Start() {
	go l.writer()
	go l.reader()
}

func (l *link) fail() {
	close(l.quit) // want "double-close: panic: close of closed channel"
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

// shape: a polling goroutine's failure path closes stop, and so does the exported Shutdown
type poller struct {
	stop chan struct{}
	poll func() error
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
	close(p.stop) // want "double-close: panic: close of closed channel"
}

func (p *poller) Shutdown() {
	close(p.stop)
}

// shape: two goroutines close through a plain flag check-then-set, which both can pass
type peer struct {
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
	if p.terminated == "" {
		p.terminated = who
		close(p.done) // want "double-close: panic: close of closed channel"
	}
}
