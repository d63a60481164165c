package pubsub

import "sync"

type Handler func(topic string, data map[string]interface{})

type element struct {
	matcher func(topic string) bool
	handler Handler
}

type multiplexer struct {
	mu      sync.Mutex
	outputs []element
	hub     *SimpleHub
}

func (m *multiplexer) Add(matcher func(string) bool, handler Handler) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.outputs = append(m.outputs, element{matcher: matcher, handler: handler})
}

func (m *multiplexer) callback(topic string, data map[string]interface{}) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, element := range m.outputs {
		if element.matcher(topic) {
			element.handler(topic, data)
		}
	}
}

func (m *multiplexer) match(topic string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, element := range m.outputs {
		if element.matcher(topic) {
			return true
		}
	}
	return false
}
