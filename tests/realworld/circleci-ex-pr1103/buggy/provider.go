package httpmetrics

import (
	"sync"
	"time"
)

type Provider struct {
	mu      sync.Mutex
	counts  map[string]int64
	stopMu  sync.Mutex
	stop    chan struct{}
	publish func(map[string]int64)
}

func New(publish func(map[string]int64)) *Provider {
	m := &Provider{counts: map[string]int64{}, stop: make(chan struct{}), publish: publish}
	go m.run()
	return m
}

func (m *Provider) run() {
	t := time.NewTicker(10 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-m.stop:
			return
		case <-t.C:
			m.mu.Lock()
			counts := m.counts
			m.counts = map[string]int64{}
			m.mu.Unlock()
			m.publish(counts)
		}
	}
}

func (m *Provider) Count(n string, v int64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.counts[n] += v
	return nil
}

func (m *Provider) Close() error {
	m.stopMu.Lock()
	defer m.stopMu.Unlock()

	if m.stop != nil {
		close(m.stop)
		m.stop = nil
	}
	return nil
}
