package otelhttp

import (
	"io"
	"sync/atomic"
)

var _ io.ReadCloser = &bodyWrapper{}

// bodyWrapper wraps a http.Request.Body (an io.ReadCloser) to count the
// bytes read from it and keep the last error.
type bodyWrapper struct {
	io.ReadCloser
	record func(n int64) // must not be nil

	read atomic.Int64
	err  error
}

func (w *bodyWrapper) Read(b []byte) (int, error) {
	n, err := w.ReadCloser.Read(b)
	n1 := int64(n)
	w.read.Add(n1)
	w.err = err
	w.record(n1)
	return n, err
}

func (w *bodyWrapper) Close() error {
	return w.ReadCloser.Close()
}
