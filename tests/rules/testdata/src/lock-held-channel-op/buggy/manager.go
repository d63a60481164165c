package buggy

import "sync"

// Manager tracks running tasks.
type Manager struct {
	mu    sync.Mutex
	tasks map[string]*Task
	done  []string
}

type Task struct {
	Name string
	stop func()
}

// shape: wg.Wait while holding the lock the counted goroutines need before Done
func (m *Manager) StopAll() {
	m.mu.Lock()
	var wg sync.WaitGroup
	for _, t := range m.tasks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t.stop()
			m.finish(t.Name)
		}()
	}
	wg.Wait() // want "lock-held-channel-op: is never released"
	m.mu.Unlock()
}
