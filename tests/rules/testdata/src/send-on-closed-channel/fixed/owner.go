package fixed

import (
	"net"
	"sync"
	"time"
)

// shape: Stop waits for the read loop before closing the channel it delivers on
type Reader struct {
	incoming chan []byte
	exit     chan struct{}
	loops    sync.WaitGroup
}

func NewReader() *Reader {
	return &Reader{incoming: make(chan []byte), exit: make(chan struct{})}
}

func (r *Reader) Attach(c net.Conn) {
	r.loops.Add(1)
	go r.readLoop(c)
}

func (r *Reader) readLoop(c net.Conn) {
	defer r.loops.Done()
	buf := make([]byte, 512)
	for {
		n, err := c.Read(buf)
		if err != nil {
			return
		}
		select {
		case r.incoming <- buf[:n]:
		case <-r.exit:
			return
		}
	}
}

func (r *Reader) Stop() {
	close(r.exit)
	go func() {
		r.loops.Wait()
		close(r.incoming)
	}()
}

// shape: the background worker takes the read lock and checks the flag before sending
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
	q.RLock()
	defer q.RUnlock()
	if q.exiting {
		return
	}
	q.in <- v
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
