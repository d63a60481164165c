// Package inventory is a small stock service with the concurrency bugs goleash finds.
package inventory

import (
	"sync"
	"time"
)

// Store keeps stock levels; mu guards stock.
type Store struct {
	mu    sync.Mutex
	stock map[string]int
	subs  map[string]chan int
	locks map[string]*sync.Mutex
}

func NewStore() *Store {
	return &Store{
		stock: map[string]int{},
		subs:  map[string]chan int{},
		locks: map[string]*sync.Mutex{},
	}
}

// Level is safe: it holds the lock.
func (s *Store) Level(sku string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stock[sku]
}

// StartRestock refills every SKU in the background.
func (s *Store) StartRestock(every time.Duration) {
	go s.restock(every)
}

func (s *Store) restock(every time.Duration) {
	for {
		time.Sleep(every)
		for sku := range s.stock {
			s.stock[sku] += 10
		}
	}
}

// Unsubscribe forgets a watcher; its goroutine keeps waiting on the channel.
func (s *Store) Unsubscribe(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.subs, id)
}

// LockFor hands out one mutex per SKU.
func (s *Store) LockFor(sku string) *sync.Mutex {
	if _, ok := s.locks[sku]; !ok {
		s.locks[sku] = &sync.Mutex{}
	}
	return s.locks[sku]
}
