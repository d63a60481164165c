package ok

import (
	"io"
	"sync"
)

// GateWriter buffers writes until Open; then it passes them through.
type GateWriter struct {
	out  io.Writer
	mu   sync.Mutex
	open bool
	buf  [][]byte
}

// shape: the flag set in the critical section hands the buffer over: Write never touches it once open
func (g *GateWriter) Open() {
	g.mu.Lock()
	g.open = true
	g.mu.Unlock()
	for _, p := range g.buf {
		g.out.Write(p)
	}
	g.buf = nil
}

func (g *GateWriter) Write(p []byte) (int, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.open {
		return g.out.Write(p)
	}
	g.buf = append(g.buf, append([]byte(nil), p...))
	return len(p), nil
}

// Ledger keeps its total under the lock everywhere; its label is set without it everywhere.
type Ledger struct {
	mu    sync.Mutex
	total int
	label string
}

// shape: the field goes without the lock in every method: the lock is not its discipline
func (l *Ledger) Add(n int, label string) {
	l.mu.Lock()
	l.total += n
	l.mu.Unlock()
	l.label = label
}

func (l *Ledger) Rename(label string) { l.label = label }

func (l *Ledger) Label() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.label
}

// Turnstile writes its count after unlocking, in a method that never locks for anything else.
type Turnstile struct {
	mu    sync.Mutex
	count int
}

// shape: a method that does not use the lock at all shows no critical section cut short
func (t *Turnstile) Reset() { t.count = 0 }

func (t *Turnstile) Count() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.count
}
