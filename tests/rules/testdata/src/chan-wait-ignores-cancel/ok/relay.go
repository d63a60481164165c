package ok

import (
	"sync"
	"time"
)

// Queue hands out items; Next blocks until one is pushed or the queue is closed.
type Queue struct {
	mu     sync.Mutex
	items  []string
	signal chan struct{}
}

func (q *Queue) Next() (string, bool) {
	q.mu.Lock()
	if len(q.items) > 0 {
		s := q.items[0]
		q.items = q.items[1:]
		q.mu.Unlock()
		return s, true
	}
	ch := q.signal
	q.mu.Unlock()
	<-ch
	return "", false
}

// Relay forwards queued items to a subscriber.
type Relay struct {
	q    *Queue
	quit chan struct{}
}

// shape: the stop path closes the queue's channel together with quit, so the wait ends on stop
func (r *Relay) Stop() {
	close(r.quit)
	r.q.mu.Lock()
	close(r.q.signal)
	r.q.mu.Unlock()
}

func (r *Relay) Subscribe(out func(string)) {
	go r.forward(out)
	go r.heartbeat(out)
}

func (r *Relay) forward(out func(string)) {
	for {
		s, ok := r.q.Next()
		if !ok {
			return
		}
		out(s)
	}
}

// shape: the callee waits on a timer, which always fires
func (r *Relay) heartbeat(out func(string)) {
	for {
		r.pause()
		out("ping")
	}
}

func (r *Relay) pause() { <-time.After(time.Second) }

// Pump copies lines from a source with no quit signal of its own.
type Pump struct {
	lines chan string
}

func (p *Pump) read() string { return <-p.lines }

// shape: the goroutine has no quit channel or context to watch at all
func (p *Pump) Start(out func(string)) {
	go p.run(out)
}

func (p *Pump) run(out func(string)) {
	for {
		out(p.read())
	}
}

// Stream forwards items and watches its quit channel beside the wait.
type Stream struct {
	items chan string
	done  chan struct{}
}

func (f *Stream) Close() { close(f.done) }

func (f *Stream) Start(out func(string)) { go f.loop(out) }

// shape: the goroutine selects on the quit channel alongside the wait
func (f *Stream) loop(out func(string)) {
	for {
		select {
		case s := <-f.items:
			out(s)
		case <-f.done:
			return
		}
	}
}

// Loader waits for its table to be ready before each lookup.
type Loader struct {
	ready chan struct{}
	quit  chan struct{}
	keys  chan string
}

func (l *Loader) Stop() { close(l.quit) }

func (l *Loader) fill() { close(l.ready) }

func (l *Loader) awaitReady() { <-l.ready }

// shape: the callee waits for a ready signal closed once right after start, which never blocks again
func (l *Loader) Start(out func(string)) {
	go l.serve(out)
	l.fill()
}

func (l *Loader) serve(out func(string)) {
	for i := 0; i < 3; i++ {
		l.awaitReady()
		out("lookup")
	}
}
