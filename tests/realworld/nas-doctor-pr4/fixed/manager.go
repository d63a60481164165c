package fleet

import (
	"sync"
	"time"
)

type Server struct {
	Name string
	URL  string
}

type Manager struct {
	mu      sync.RWMutex
	servers []Server
	status  map[string]bool
	stop     chan struct{}
	stopOnce sync.Once
	poll     func(Server) bool
}

func NewManager(servers []Server, poll func(Server) bool) *Manager {
	return &Manager{servers: servers, status: map[string]bool{}, stop: make(chan struct{}), poll: poll}
}

func (m *Manager) Start(interval time.Duration) {
	go func() {
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-m.stop:
				return
			case <-t.C:
				m.mu.RLock()
				servers := append([]Server(nil), m.servers...)
				m.mu.RUnlock()
				for _, s := range servers {
					ok := m.poll(s)
					m.mu.Lock()
					m.status[s.Name] = ok
					m.mu.Unlock()
				}
			}
		}
	}()
}

func (m *Manager) Stop() {
	m.stopOnce.Do(func() { close(m.stop) })
}
