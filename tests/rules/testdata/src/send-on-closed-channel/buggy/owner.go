package buggy

import (
	"net"
	"sync"
	"time"
)

// shape: a connection's read loop delivers on a field channel that Stop closes after a grace
// period, without waiting for the read loop
type Reader struct {
	incoming chan []byte
	exit     chan struct{}
}

func NewReader() *Reader {
	return &Reader{incoming: make(chan []byte), exit: make(chan struct{})}
}

func (r *Reader) Attach(c net.Conn) {
	go r.readLoop(c)
}

func (r *Reader) readLoop(c net.Conn) {
	buf := make([]byte, 512)
	for {
		n, err := c.Read(buf)
		if err != nil {
			return
		}
		r.incoming <- buf[:n] // want "send-on-closed-channel: panic: send on closed channel"
	}
}

func (r *Reader) Stop() {
	close(r.exit)
	go func() {
		time.Sleep(time.Second)
		close(r.incoming)
	}()
}

// shape: the background worker sends without the lock that Close takes to close the channel
type Queue struct {
	sync.RWMutex
	exiting bool
	in      chan int
	stop    chan struct{}
	retry   []int
}

func NewQueue() *Queue {
	q := &Queue{in: make(chan int, 1), stop: make(chan struct{})}
	go q.retryLoop()
	return q
}

func (q *Queue) Put(v int) {
	q.RLock()
	defer q.RUnlock()
	if q.exiting {
		return
	}
	q.in <- v
}

func (q *Queue) requeue(v int) {
	if q.exiting {
		return
	}
	q.in <- v // want "send-on-closed-channel: panic: send on closed channel"
}

func (q *Queue) retryLoop() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-q.stop:
			return
		case <-t.C:
			q.Lock()
			due := q.retry
			q.retry = nil
			q.Unlock()
			for _, v := range due {
				q.requeue(v)
			}
		}
	}
}

func (q *Queue) Close() {
	q.Lock()
	defer q.Unlock()
	q.exiting = true
	close(q.stop)
	close(q.in)
}
