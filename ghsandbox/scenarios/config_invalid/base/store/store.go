// Package store keeps the stock levels of the inventory service.
package store

import (
	"errors"
	"sync"
)

// ErrUnknownSKU is returned for SKUs the store has never seen.
var ErrUnknownSKU = errors.New("store: unknown SKU")

// Event tells a watcher that the stock level of a SKU changed.
type Event struct {
	SKU   string
	Level int
}

// Store holds stock levels. Use New to create one.
type Store struct {
	mu       sync.Mutex
	items    map[string]int
	watchers map[string]chan Event
}

// New returns an empty store.
func New() *Store {
	return &Store{
		items:    make(map[string]int),
		watchers: make(map[string]chan Event),
	}
}

// Get returns the stock level of sku.
func (s *Store) Get(sku string) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, ok := s.items[sku]
	if !ok {
		return 0, ErrUnknownSKU
	}
	return n, nil
}

// Set records the stock level of sku and notifies its watcher.
func (s *Store) Set(sku string, level int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.items[sku] = level
	s.notify(sku, level)
}

// notify sends the new level to the watcher of sku without blocking.
// The caller holds s.mu.
func (s *Store) notify(sku string, level int) {
	if ch, ok := s.watchers[sku]; ok {
		select {
		case ch <- Event{SKU: sku, Level: level}:
		default:
		}
	}
}

// Restock adds qty units to every SKU in skus.
func (s *Store) Restock(skus []string, qty int) {
	for _, sku := range skus {
		s.mu.Lock()
		s.items[sku] += qty
		s.notify(sku, s.items[sku])
		s.mu.Unlock()
	}
}

// Watch returns a channel that receives the changes of sku.
func (s *Store) Watch(sku string) <-chan Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := make(chan Event, 1)
	s.watchers[sku] = ch
	return ch
}

// Unwatch stops the notifications for sku and closes its channel,
// which ends any goroutine ranging over it.
func (s *Store) Unwatch(sku string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ch, ok := s.watchers[sku]; ok {
		close(ch)
		delete(s.watchers, sku)
	}
}
