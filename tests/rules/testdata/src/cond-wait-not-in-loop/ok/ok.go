package ok

import "sync"

// Mailbox delivers messages to one reader.
type Mailbox struct {
	mu   sync.Mutex
	cond *sync.Cond
	msgs []string
	done bool
}

// NewMailbox returns an empty mailbox.
func NewMailbox() *Mailbox {
	m := &Mailbox{}
	m.cond = sync.NewCond(&m.mu)
	return m
}

// Send adds a message.
func (m *Mailbox) Send(s string) {
	m.mu.Lock()
	m.msgs = append(m.msgs, s)
	m.mu.Unlock()
	m.cond.Signal()
}

// Finish wakes the reader for good.
func (m *Mailbox) Finish() {
	m.mu.Lock()
	m.done = true
	m.mu.Unlock()
	m.cond.Broadcast()
}

// shape: the helper holds the `if`, every caller loops around it
func (m *Mailbox) waitOnceLocked() {
	if len(m.msgs) == 0 && !m.done {
		m.cond.Wait()
	}
}

// Receive returns the next message, or false once finished.
func (m *Mailbox) Receive() (string, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for len(m.msgs) == 0 && !m.done {
		m.waitOnceLocked()
	}
	if len(m.msgs) == 0 {
		return "", false
	}
	s := m.msgs[0]
	m.msgs = m.msgs[1:]
	return s, true
}

// shape: an infinite loop that breaks when the condition holds, Wait at the bottom
func (m *Mailbox) Drain() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	for {
		if m.done {
			break
		}
		if len(m.msgs) == 0 {
			m.cond.Wait()
			continue
		}
		m.msgs = m.msgs[:0]
	}
	out := m.msgs
	m.msgs = nil
	return out
}

// Waiter is anything with a Wait method; not a sync.Cond.
type Waiter interface{ Wait() }

// shape: an `if`-guarded Wait on something that is not a sync.Cond (a WaitGroup, an interface)
func settle(wg *sync.WaitGroup, w Waiter, pending bool) {
	if pending {
		wg.Wait()
		w.Wait()
	}
}

// Settle waits for both.
func Settle(w Waiter) {
	var wg sync.WaitGroup
	settle(&wg, w, true)
}
