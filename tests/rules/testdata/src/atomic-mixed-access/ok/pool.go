package ok

import (
	"sync"
	"sync/atomic"
)

type writeRequest struct {
	entries []string
	done    sync.WaitGroup
	refs    int32
}

var writeRequests = sync.Pool{New: func() any { return new(writeRequest) }}

// shape: the plain write runs on a request just taken from the pool, before anyone else has it
func (r *writeRequest) clear() {
	r.entries = r.entries[:0]
	r.refs = 0
}

func (r *writeRequest) retain() { atomic.AddInt32(&r.refs, 1) }

func (r *writeRequest) release() {
	if atomic.AddInt32(&r.refs, -1) == 0 {
		writeRequests.Put(r)
	}
}

type writer struct{ queue chan *writeRequest }

func (w *writer) submit(entries []string) *writeRequest {
	req := writeRequests.Get().(*writeRequest)
	req.clear()
	req.entries = append(req.entries, entries...)
	req.done.Add(1)
	req.retain()
	w.queue <- req
	return req
}

func (w *writer) serve() {
	for req := range w.queue {
		req.done.Done()
		req.release()
	}
}

func startWriter() *writer {
	w := &writer{queue: make(chan *writeRequest)}
	go w.serve()
	return w
}
