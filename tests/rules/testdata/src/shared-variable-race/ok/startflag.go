package ok

import (
	"sync"
	"time"
)

// monitor reports on its own if nobody starts it in time; once started, only its loop
// reports. The flag, set and checked under mu, decides which of the two ever does.
type monitor struct {
	mu       sync.Mutex
	started  bool
	lastWarn time.Time
	warnings int
	stop     chan struct{}
}

func newMonitor(timeout time.Duration) *monitor {
	m := &monitor{stop: make(chan struct{})}
	go m.waitForStart(timeout)
	return m
}

func (m *monitor) Start() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.started = true
	go m.loop()
}

func (m *monitor) waitForStart(timeout time.Duration) {
	<-time.After(timeout)
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.started {
		return
	}
	m.warn()
}

func (m *monitor) loop() {
	for {
		select {
		case <-m.stop:
			return
		case <-time.After(time.Second):
			m.check()
		}
	}
}

func (m *monitor) check() {
	m.warn()
}

func (m *monitor) warn() {
	if time.Since(m.lastWarn) > time.Minute {
		m.lastWarn = time.Now()
	}
	m.warnings++
}
