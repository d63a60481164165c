package buggy

import (
	"fmt"
	"sync"
)

// Store is a small in-memory key/value store.
type Store struct {
	mu   sync.Mutex
	data map[string]int
}

// NewStore returns an empty store.
func NewStore() *Store { return &Store{data: map[string]int{}} }

func (s *Store) copyLocked() map[string]int {
	out := make(map[string]int, len(s.data))
	for k, v := range s.data {
		out[k] = v
	}
	return out
}

// shape: a reply channel sent on and received from by the same goroutine
func (s *Store) Snapshot() map[string]int {
	reply := make(chan map[string]int)
	s.mu.Lock()
	reply <- s.copyLocked() // want "chan-self-deadlock: deadlock"
	s.mu.Unlock()
	return <-reply
}

// Step is one migration step.
type Step struct {
	Name string
	Run  func() error
}

// shape: errors reported on a channel that only this goroutine reads, further down
func Apply(steps []Step) error {
	errs := make(chan error)
	for _, st := range steps {
		if err := st.Run(); err != nil {
			errs <- fmt.Errorf("%s: %w", st.Name, err) // want "chan-self-deadlock: deadlock"
		}
	}
	select {
	case err := <-errs:
		return err
	default:
	}
	return nil
}
