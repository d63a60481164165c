package buggy

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
	w.result <- nil // want "send-on-closed-channel: `IndexWriter.Close` closes the same channel"
}

func (w *IndexWriter) waitIndex() error {
	return <-w.result
}

// When the sync fails, Close returns before it waits, and its deferred close can come before
// the goroutine's send.
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
