package buggy

import "sync"

// Scheduler runs jobs in turns.
type Scheduler struct {
	mu   sync.Mutex
	turn *sync.Cond
	next int
}

// NewScheduler returns a scheduler starting at turn 0.
func NewScheduler() *Scheduler {
	s := &Scheduler{}
	s.turn = sync.NewCond(&s.mu)
	return s
}

// shape: an unexported helper whose callers (in worker.go) hold no lock
func (s *Scheduler) awaitTurn(id int) {
	for s.next != id {
		s.turn.Wait() // want "cond-wait-without-lock: sync: unlock of unlocked mutex"
	}
}

// shape: a goroutine started with no lock held waits on the Cond
func (s *Scheduler) StartTicker(n int, done chan<- struct{}) {
	go func() {
		for s.next < n {
			s.turn.Wait() // want "cond-wait-without-lock: sync: unlock of unlocked mutex"
		}
		close(done)
	}()
}
