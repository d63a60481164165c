package fixed

import "os"

// IndexWriter streams what is written to a goroutine that builds an index from it.
type IndexWriter struct {
	f      *os.File
	feed   *packFeed
	result chan error
}

type packFeed struct {
	f    *os.File
	news chan struct{}
}

func (s *packFeed) Close() error {
	close(s.news)
	return s.f.Sync()
}

func NewIndexWriter(f *os.File) *IndexWriter {
	w := &IndexWriter{f: f, feed: &packFeed{f: f, news: make(chan struct{})}, result: make(chan error)}
	go w.buildIndex()
	return w
}

func (w *IndexWriter) buildIndex() {
	for range w.feed.news {
	}
	w.result <- nil
}

func (w *IndexWriter) waitIndex() error {
	return <-w.result
}

// Close waits for the goroutine on every path, the failed sync included, before its deferred
// close.
func (w *IndexWriter) Close() error {
	defer close(w.result)

	syncErr := w.feed.Close()
	if err := w.waitIndex(); err != nil {
		return err
	}
	if syncErr != nil {
		return syncErr
	}
	return w.f.Close()
}
