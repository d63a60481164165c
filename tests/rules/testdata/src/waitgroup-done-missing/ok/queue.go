package ok

import "sync"

// shape: a constructor counts the value's goroutine and returns the value to its caller
type tracker struct {
	wg   sync.WaitGroup
	stop chan struct{}
}

func newTracker(initial int) *tracker {
	t := &tracker{stop: make(chan struct{})}
	t.wg.Add(initial)
	return t
}

func (t *tracker) finish() { t.wg.Done() }

func (t *tracker) Wait() { t.wg.Wait() }

// shape: the Add is followed by starting the goroutine on every path that returns
type spawner struct {
	wg sync.WaitGroup
}

func (s *spawner) Spawn(run func(), fast bool) bool {
	s.wg.Add(1)
	if fast {
		go s.exec(run)
		return true
	}
	go s.exec(run)
	return false
}

func (s *spawner) exec(run func()) {
	defer s.wg.Done()
	run()
}

func (s *spawner) Wait() { s.wg.Wait() }

// shape: the queued path counts the task, and the full queue path hands it to a helper
// that may run it
type lane struct {
	wg sync.WaitGroup
	q  chan func()
}

func (l *lane) Offer(f func()) bool {
	l.wg.Add(1)
	select {
	case l.q <- f:
		return true
	default:
		l.runInline(f)
		return false
	}
}

func (l *lane) runInline(f func()) {
	defer l.wg.Done()
	f()
}

func (l *lane) Wait() { l.wg.Wait() }
