package nsq

import (
	"net"
	"sync"
	"sync/atomic"
)

type Message struct{ Body []byte }

type nsqConn struct {
	net.Conn
	stopFlag int32
}

type Reader struct {
	incomingMessages chan *Message
	stopFlag         int32
	exitChan         chan int
	wg               sync.WaitGroup
}

func NewReader() *Reader {
	return &Reader{incomingMessages: make(chan *Message), exitChan: make(chan int)}
}

func (q *Reader) ConnectToNSQ(c net.Conn) {
	conn := &nsqConn{Conn: c}
	go q.readLoop(conn)
}

func (q *Reader) readLoop(c *nsqConn) {
	buf := make([]byte, 1024)
	for {
		if atomic.LoadInt32(&c.stopFlag) == 1 {
			return
		}
		n, err := c.Read(buf)
		if err != nil {
			return
		}
		select {
		case q.incomingMessages <- &Message{Body: buf[:n]}:
		case <-q.exitChan:
			return
		}
	}
}

func (q *Reader) Stop() {
	if !atomic.CompareAndSwapInt32(&q.stopFlag, 0, 1) {
		return
	}
	close(q.exitChan)
}
