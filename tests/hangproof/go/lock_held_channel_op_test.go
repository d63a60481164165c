package hangproof

// hangproof: lock-held-channel-op

import (
	"testing"
	"time"
)

func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for i := 0; i < 200; i++ {
		if cond() {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("%s: condition never held", what)
}

// Submit holds w.mu while sending; the worker loop receives only while holding w.mu.
func TestSubmit(t *testing.T) {
	w := NewWorker()
	defer w.Close()
	w.Submit(func() int { return 42 })
	eventually(t, "job finished", func() bool { return w.Pending() == 0 })
}

// StopAll holds m.mu in wg.Wait; each stopping goroutine needs m.mu before wg.Done.
func TestStopAll(t *testing.T) {
	m := &Manager{tasks: map[string]*Task{
		"a": {Name: "a", stop: func() {}},
		"b": {Name: "b", stop: func() {}},
	}}
	m.StopAll()
	m.mu.Lock()
	n := len(m.done)
	m.mu.Unlock()
	if n != 2 {
		t.Fatalf("done = %d, want 2", n)
	}
}

// Publish holds h.mu in a one-case select; the dispatcher receives only while holding h.mu.
func TestPublish(t *testing.T) {
	h := NewHub()
	defer h.Close()
	if seq := h.Publish("started"); seq != 1 {
		t.Fatalf("seq = %d, want 1", seq)
	}
	eventually(t, "event delivered", func() bool { return len(h.Delivered()) == 1 })
}
