package ok

import (
	"sync"
	"time"
)

// shape: Close closes the done channel, waits for the goroutine the group counts, and only
// then forgets the channel: the goroutine's last receive is over by then
type Monitor struct {
	mu   sync.RWMutex
	wg   sync.WaitGroup
	done chan struct{}
	seen int
}

func (m *Monitor) Open() {
	m.mu.Lock()
	m.done = make(chan struct{})
	m.mu.Unlock()
	m.wg.Add(1)
	go m.store()
}

func (m *Monitor) open() bool {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.done != nil
}

func (m *Monitor) store() {
	defer m.wg.Done()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			m.mu.Lock()
			m.seen++
			m.mu.Unlock()
		case <-m.done:
			return
		}
	}
}

func (m *Monitor) Close() {
	if !m.open() {
		return
	}
	m.mu.Lock()
	close(m.done)
	m.mu.Unlock()
	m.wg.Wait()
	m.mu.Lock()
	m.done = nil
	m.mu.Unlock()
}

// shape: the keep-alive goroutine counts itself done just before it returns; Stop closes the
// channel, waits for it, and only then forgets the channel
type keepAlive struct {
	mu     sync.Mutex
	idle   time.Duration
	stop   chan struct{}
	wg     sync.WaitGroup
	pinged int
}

func (k *keepAlive) Start() {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.stop != nil {
		return
	}
	k.stop = make(chan struct{})
	k.wg.Add(1)
	go func() {
		for t := time.NewTimer(k.idle); ; {
			select {
			case <-k.stop:
				k.wg.Done()
				t.Stop()
				return
			case <-t.C:
				k.pinged++
				t.Reset(k.idle)
			}
		}
	}()
}

func (k *keepAlive) Stop() {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.stop != nil {
		close(k.stop)
		k.wg.Wait()
		k.stop = nil
	}
}
