package fixed

import (
	"net"
	"sync"
	"sync/atomic"
)

type selLink struct {
	quit     chan struct{}
	quitOnce sync.Once
	conn     net.Conn
}

func (l *selLink) Start() {
	go l.reader()
	go l.writer()
}

func (l *selLink) closeQuit() {
	l.quitOnce.Do(func() { close(l.quit) })
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
	if !atomic.CompareAndSwapInt32(&a.state, 0, 1) {
		return
	}
	close(a.stopRead)
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
