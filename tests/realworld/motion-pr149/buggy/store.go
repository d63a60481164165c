package singularity

import (
	"context"
	"sync"
	"time"
)

type Store struct {
	closing      chan struct{}
	closed       sync.WaitGroup
	toPack       chan uint64
	cleanupEvery time.Duration
}

func NewStore() *Store {
	return &Store{closing: make(chan struct{}), toPack: make(chan uint64, 16), cleanupEvery: time.Minute}
}

func (s *Store) Start(ctx context.Context) error {
	go s.runPreparationJobs()
	go s.runCleanupWorker(ctx)
	return nil
}

func (s *Store) runPreparationJobs() {
	s.closed.Add(1)
	defer s.closed.Done()
	for {
		select {
		case <-s.closing:
			return
		case id := <-s.toPack:
			_ = id
		}
	}
}

func (s *Store) runCleanupWorker(ctx context.Context) {
	s.closed.Add(1)
	defer s.closed.Done()
	t := time.NewTicker(s.cleanupEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.closing:
			return
		case <-t.C:
		}
	}
}

func (s *Store) Shutdown(_ context.Context) error {
	close(s.closing)
	s.closed.Wait()
	return nil
}
