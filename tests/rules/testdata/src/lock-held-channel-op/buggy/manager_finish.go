package buggy

func (m *Manager) finish(name string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.tasks, name)
	m.done = append(m.done, name)
}
