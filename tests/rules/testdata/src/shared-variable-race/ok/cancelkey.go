package ok

import "sync"

// Menu is driven by key events on the UI goroutine; other goroutines move its selection.
type Menu struct {
	sync.Mutex
	current int
	offset  int
	items   []string
	done    func()
}

func (m *Menu) SetOffset(n int) {
	m.Lock()
	defer m.Unlock()
	m.offset = n
}

// shape: the cancel branch lets the lock go on each of its ways and then returns; every way
// that carries on to the writes still holds the lock
func (m *Menu) Handle(k rune) {
	m.Lock()
	if k == 'q' {
		if m.done != nil {
			m.Unlock()
			m.done()
		} else {
			m.Unlock()
		}
		return
	}
	if k == 'j' && m.current < len(m.items)-1 {
		m.current++
	} else if k == 'l' {
		m.offset++
	}
	m.Unlock()
}
