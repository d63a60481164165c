package monitor

import (
	"sync"
	"time"
)

type Entity struct{ ID string }

type Event struct{ Entity *Entity }

type UpdateHandler interface {
	HandleUpdate(e *Event) error
}

type FailureHandler interface {
	HandleFailure(entity *Entity, event *Event) error
}

// Monitor is a timer reset by every keepalive; when it fires, the entity is
// reported as failing. Only the monitor's goroutine touches the timer, the
// others reset it through resetChan.
type Monitor struct {
	Entity         *Entity
	Event          *Event
	Timeout        time.Duration
	FailureHandler FailureHandler
	UpdateHandler  UpdateHandler

	resetChan chan time.Duration
	timer     *time.Timer
	stopped   bool
	failing   bool
	mu        sync.Mutex
}

func (m *Monitor) HandleUpdate(event *Event) error {
	if m.IsStopped() {
		return nil
	}
	m.mu.Lock()
	m.failing = false
	m.mu.Unlock()
	m.reset(m.Timeout)
	return m.UpdateHandler.HandleUpdate(event)
}

func (m *Monitor) HandleFailure(entity *Entity, event *Event) error {
	defer m.Stop()
	m.mu.Lock()
	m.failing = true
	m.mu.Unlock()
	return m.FailureHandler.HandleFailure(entity, event)
}

func (m *Monitor) start() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.stopped {
		return
	}

	timerDuration := m.Timeout
	m.timer = time.NewTimer(timerDuration)
	m.resetChan = make(chan time.Duration, 1)
	go func() {
		timer := m.timer
		for {
			select {
			case d := <-m.resetChan:
				if d == 0 {
					if !timer.Stop() {
						<-timer.C
					}
					timer.Reset(timerDuration)
				} else {
					timer.Reset(d)
				}
			case <-timer.C:
				_ = m.HandleFailure(m.Entity, m.Event)
				timer.Reset(timerDuration)
			}
			if m.IsStopped() {
				return
			}
		}
	}()
}

func (m *Monitor) Stop() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.stopped {
		return
	}
	m.stopped = true
	close(m.resetChan)
}

func (m *Monitor) IsStopped() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.stopped
}

// reset hands a new timeout to the monitor's goroutine; the lock keeps the
// send off a closed channel.
func (m *Monitor) reset(t time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.stopped {
		return
	}
	m.resetChan <- t
}

func New(entity *Entity, event *Event, t time.Duration, updateHandler UpdateHandler, failureHandler FailureHandler) *Monitor {
	monitor := &Monitor{
		Entity:         entity,
		Event:          event,
		Timeout:        t,
		FailureHandler: failureHandler,
		UpdateHandler:  updateHandler,
	}
	monitor.start()
	return monitor
}
