package ok

import "sync"

// TextView embeds its lock; a batch writer holds it from BatchWriter until Close.
type TextView struct {
	sync.Mutex
	buf []byte
}

type BatchWriter struct {
	t *TextView
}

// shape: the constructor locks the view it wraps and the wrapper's Close unlocks it
func (t *TextView) Batch() BatchWriter {
	t.Lock()
	return BatchWriter{t: t}
}

func (w BatchWriter) Write(p []byte) (int, error) {
	w.t.buf = append(w.t.buf, p...)
	return len(p), nil
}

func (w BatchWriter) Close() error {
	w.t.Unlock()
	return nil
}

func (t *TextView) SetText(s string) {
	b := t.Batch()
	defer b.Close()
	t.buf = t.buf[:0]
	b.Write([]byte(s))
}
