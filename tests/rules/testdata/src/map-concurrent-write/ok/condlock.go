package ok

import (
	"sync"
	"time"
)

// shape: a queue's Cond is made with the queue's own mutex: locking `q.cond.L` is locking
// `q.mu`, so the waiter and the pushers exclude each other
type WaitQueue struct {
	mu    sync.Mutex
	cond  *sync.Cond
	items map[string]int
}

func NewWaitQueue() *WaitQueue {
	q := &WaitQueue{items: map[string]int{}}
	q.cond = sync.NewCond(&q.mu)
	go q.expire()
	return q
}

func (q *WaitQueue) Push(k string, v int) {
	q.mu.Lock()
	q.items[k] = v
	q.mu.Unlock()
	q.cond.Broadcast()
}

func (q *WaitQueue) expire() {
	for {
		time.Sleep(time.Second)
		q.cond.L.Lock()
		for k := range q.items {
			delete(q.items, k)
		}
		q.cond.L.Unlock()
	}
}

// shape: a read-write lock made once and set both as a field and as a Cond's lock in one literal
type StreamTable struct {
	streamLock *sync.RWMutex
	streamCond *sync.Cond
	streams    map[int]string
}

func NewStreamTable() *StreamTable {
	streamLock := new(sync.RWMutex)
	streamCond := sync.NewCond(streamLock)
	t := &StreamTable{streamLock: streamLock, streamCond: streamCond, streams: map[int]string{}}
	go t.reap()
	return t
}

func (t *StreamTable) Get(id int) (string, bool) {
	t.streamLock.RLock()
	s, ok := t.streams[id]
	t.streamLock.RUnlock()
	return s, ok
}

func (t *StreamTable) reap() {
	for {
		time.Sleep(time.Second)
		t.streamCond.L.Lock()
		delete(t.streams, 0)
		t.streamCond.Broadcast()
		t.streamCond.L.Unlock()
	}
}
