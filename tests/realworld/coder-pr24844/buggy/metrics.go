package workspacetraffic

import (
	"io"
	"sync/atomic"
	"time"
)

type connMetrics struct {
	total int64
}

func (m *connMetrics) AddTotal(n float64) {
	atomic.AddInt64(&m.total, int64(n))
}

func (m *connMetrics) GetTotalBytes() float64 {
	return float64(m.total)
}

type countReadWriter struct {
	io.ReadWriter
	metrics *connMetrics
}

func (w *countReadWriter) Read(p []byte) (int, error) {
	n, err := w.ReadWriter.Read(p)
	w.metrics.AddTotal(float64(n))
	return n, err
}

func report(m *connMetrics, every time.Duration, stop <-chan struct{}, out func(float64)) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			out(m.GetTotalBytes())
		}
	}
}

func run(conns []io.ReadWriter, stop chan struct{}, out func(float64)) {
	m := &connMetrics{}
	for _, c := range conns {
		rw := &countReadWriter{ReadWriter: c, metrics: m}
		go func() {
			_, _ = io.Copy(io.Discard, rw)
		}()
	}
	go report(m, time.Second, stop, out)
}
