package buggy

import "sync"

// shape: one type, two locks, and its map written under one and read under the other
type miner struct {
	mu        sync.Mutex
	currentMu sync.Mutex
	pending   map[string]int
	updates   chan string
}

func newMiner() *miner {
	m := &miner{pending: map[string]int{}, updates: make(chan string)}
	go m.update()
	return m
}

func (m *miner) update() {
	for tx := range m.updates {
		m.currentMu.Lock()
		m.pending[tx]++ // want "map-concurrent-write: concurrent map read and map write"
		m.currentMu.Unlock()
	}
}

func (m *miner) Pending(tx string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.pending[tx]
}
