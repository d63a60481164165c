package ok

import (
	"errors"
	"os"
	"sync/atomic"
)

// IndexWriter streams what is written to a goroutine that builds an index from it; Close
// collects the goroutine's result before its deferred close of that channel runs.
type IndexWriter struct {
	f      *os.File
	feed   *packFeed
	result chan error
}

type packFeed struct {
	done uint32
	news chan struct{}
}

// Close never fails: its error result only satisfies io.Closer.
func (s *packFeed) Close() error {
	atomic.StoreUint32(&s.done, 1)
	close(s.news)
	return nil
}

func NewIndexWriter(f *os.File) *IndexWriter {
	w := &IndexWriter{f: f, feed: &packFeed{news: make(chan struct{})}, result: make(chan error)}
	go w.buildIndex()
	return w
}

func (w *IndexWriter) buildIndex() {
	for range w.feed.news {
	}
	if atomic.LoadUint32(&w.feed.done) == 0 {
		w.result <- errors.New("feed ended early")
		return
	}
	w.result <- nil
}

func (w *IndexWriter) waitIndex() error {
	return <-w.result
}

// Close's first return needs the packFeed's Close to fail, which it never does: every path
// receives the goroutine's one result before the deferred close.
func (w *IndexWriter) Close() error {
	defer close(w.result)

	if err := w.feed.Close(); err != nil {
		return err
	}
	if err := w.waitIndex(); err != nil {
		return err
	}
	return w.f.Close()
}
