package buggy

import "sync"

// Meter counts events under mu; Reset takes only the log's lock, not the one guarding the count.
type Meter struct {
	mu    sync.Mutex
	logMu sync.Mutex
	n     int
	log   []string
}

func (m *Meter) Add() {
	m.mu.Lock()
	m.n++
	m.mu.Unlock()
}

func (m *Meter) Count() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.n
}

func (m *Meter) Reset() {
	m.logMu.Lock()
	defer m.logMu.Unlock()
	m.log = append(m.log, "reset")
	m.n = 0 // want "shared-variable-race: `Meter.Reset` writes `m.n` holding only `m.logMu`, while `Meter.Add` writes it"
}

func RunMeter(m *Meter) {
	go m.Add()
	go m.Reset()
}
