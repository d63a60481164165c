// Package semisyncmonitor watches a primary for writes stuck waiting on
// semi-sync ACKs.
package semisyncmonitor

import (
	"context"
	"log"
	"sync"
	"time"

	"example.com/vitess-pr18276/timer"
)

const clearTimerDuration = 24 * time.Hour

// Monitor periodically checks whether the primary is blocked on semi-sync
// ACKs and wakes up whoever waits for it to be unblocked.
type Monitor struct {
	// ticks runs checkAndFixSemiSyncBlocked every interval.
	ticks *timer.Timer
	// clearTicks runs clearAllData once a day.
	clearTicks *timer.Timer

	// timerMu serialises Open and Close, which start and stop the timers.
	// It is taken before mu when both are needed.
	timerMu sync.Mutex

	// mu protects the fields below.
	mu        sync.Mutex
	appPool   *connPool
	isOpen    bool
	isBlocked bool
	waiters   []chan struct{}
}

// NewMonitor creates a closed monitor.
func NewMonitor(interval time.Duration, pool *connPool) *Monitor {
	return &Monitor{
		ticks:      timer.NewTimer(interval),
		clearTicks: timer.NewTimer(clearTimerDuration),
		appPool:    pool,
	}
}

// Open starts the monitor.
func (m *Monitor) Open() {
	m.timerMu.Lock()
	defer m.timerMu.Unlock()

	m.mu.Lock()
	defer m.mu.Unlock()
	if m.isOpen {
		return
	}
	m.isOpen = true
	if !m.appPool.IsOpen() {
		m.appPool.Open()
	}
	m.clearTicks.Start(m.clearAllData)
	m.ticks.Start(m.checkAndFixSemiSyncBlocked)
}

// Close stops the monitor.
func (m *Monitor) Close() {
	m.timerMu.Lock()
	defer m.timerMu.Unlock()
	// Stop the timers before taking mu: their keephouse functions take mu
	// too, and Stop waits for a running one to finish.
	m.clearTicks.Stop()
	m.ticks.Stop()

	m.mu.Lock()
	defer m.mu.Unlock()
	m.isOpen = false
	m.appPool.Close()
}

// checkAndFixSemiSyncBlocked is the timer's keephouse function.
func (m *Monitor) checkAndFixSemiSyncBlocked() {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	isBlocked, err := m.isSemiSyncBlocked(ctx)
	if err != nil {
		log.Printf("SemiSync Monitor: failed to check if primary is blocked on semi-sync: %v", err)
		return
	}
	m.setIsBlocked(isBlocked)
}

func (m *Monitor) isSemiSyncBlocked(ctx context.Context) (bool, error) {
	n, err := m.appPool.readWaitSessions(ctx)
	if err != nil {
		return false, err
	}
	return n != 0, nil
}

// setIsBlocked records the state and releases the waiters once unblocked.
func (m *Monitor) setIsBlocked(val bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.isBlocked = val
	if !val {
		for _, ch := range m.waiters {
			close(ch)
		}
		m.waiters = nil
	}
}

// WaitUntilSemiSyncUnblocked returns once the primary is not blocked.
func (m *Monitor) WaitUntilSemiSyncUnblocked(ctx context.Context) error {
	m.mu.Lock()
	if !m.isOpen || !m.isBlocked {
		m.mu.Unlock()
		return nil
	}
	ch := make(chan struct{})
	m.waiters = append(m.waiters, ch)
	m.mu.Unlock()

	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// clearAllData empties the heartbeat table.
func (m *Monitor) clearAllData() {
	if err := m.appPool.truncateHeartbeats(context.Background()); err != nil {
		log.Printf("SemiSync Monitor: failed to clear semisync_heartbeat table: %v", err)
	}
}
