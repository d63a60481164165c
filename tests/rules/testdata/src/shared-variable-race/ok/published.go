package ok

import (
	"errors"
	"io"
	"sync"
)

// shape: a decoder that records why it stopped, then closes its done channel; Err reads the
// reason only once done is closed, so the close orders the write before the read.

type streamDecoder struct {
	mu   sync.RWMutex
	r    io.Reader
	err  error
	done chan struct{}
	n    int
}

// Decode reads the stream until it ends.
func (d *streamDecoder) Decode(buf []byte) error {
	if d.r == nil {
		d.err = errors.New("no reader given")
		close(d.done)
		return d.err
	}
	n, err := d.r.Read(buf)
	d.mu.Lock()
	d.n += n
	d.err = err
	d.mu.Unlock()
	return err
}

// Err is the reason the stream stopped, or nil while it runs.
func (d *streamDecoder) Err() error {
	select {
	case <-d.done:
		d.mu.RLock()
		defer d.mu.RUnlock()
		return d.err
	default:
		return nil
	}
}
