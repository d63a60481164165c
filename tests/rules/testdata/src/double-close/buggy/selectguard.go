package buggy

import (
	"net"
	"sync/atomic"
)

// shape: the reader and the writer both fail when the connection dies, and each closes quit once a select finds it open: both can find it open before either closes
type selLink struct {
	quit chan struct{}
	conn net.Conn
}

func (l *selLink) Start() {
	go l.reader()
	go l.writer()
}

func (l *selLink) closeQuit() {
	select {
	case <-l.quit:
	default:
		close(l.quit) // want "double-close: `close.l.quit.` is guarded only by a check of the receiver's state with no lock"
	}
}

func (l *selLink) reader() {
	if _, err := l.conn.Read(nil); err != nil {
		l.closeQuit()
	}
}

func (l *selLink) writer() {
	if _, err := l.conn.Write(nil); err != nil {
		l.closeQuit()
	}
}

// shape: a status read and then set, each atomic, is still a check and a set: two goroutines both read "open"
type statusAgent struct {
	state    int32
	stopRead chan struct{}
	stopPing chan struct{}
	conn     net.Conn
}

func (a *statusAgent) Handle() {
	go a.read()
	go a.ping()
}

func (a *statusAgent) shut() {
	if atomic.LoadInt32(&a.state) == 1 {
		return
	}
	atomic.StoreInt32(&a.state, 1)
	close(a.stopRead) // want "double-close: `close.a.stopRead.` is guarded only by a check of the receiver's state with no lock"
	close(a.stopPing)
}

func (a *statusAgent) read() {
	defer a.shut()
	<-a.stopRead
}

func (a *statusAgent) ping() {
	defer a.shut()
	<-a.stopPing
}
