package committed

import (
	"errors"
	"sync"
)

// WriteResult describes one range that was flushed and uploaded.
type WriteResult struct {
	RangeID string
	Count   int
}

// ResultCloser is a range writer whose Close uploads the range.
type ResultCloser interface {
	Close() (*WriteResult, error)
}

// BatchCloser closes range writers on a fixed pool of goroutines.
type BatchCloser struct {
	// mu guards results and err.
	mu      sync.Mutex
	results []WriteResult
	err     error

	wg sync.WaitGroup
	ch chan ResultCloser
}

var ErrMultipleWaitCalls = errors.New("wait has already been called")

// NewBatchCloser starts numClosers goroutines that close the writers handed
// to CloseWriterAsync.
func NewBatchCloser(numClosers int) *BatchCloser {
	bc := &BatchCloser{
		// Unbuffered: a sender blocks while every closer is busy.
		ch: make(chan ResultCloser),
	}
	bc.wg.Add(numClosers)
	for i := 0; i < numClosers; i++ {
		go bc.handleClose()
	}
	return bc
}

// CloseWriterAsync queues w to be closed by one of the closer goroutines.
func (bc *BatchCloser) CloseWriterAsync(w ResultCloser) error {
	bc.mu.Lock()
	defer bc.mu.Unlock()

	if bc.err != nil {
		// Refuse new writers after a failure, or once Wait was called.
		return bc.err
	}

	bc.ch <- w
	return nil
}

func (bc *BatchCloser) handleClose() {
	for w := range bc.ch {
		bc.closeWriter(w)
	}
	bc.wg.Done()
}

func (bc *BatchCloser) closeWriter(w ResultCloser) {
	res, err := w.Close()

	// The slow upload is done; record the outcome under the lock.
	bc.mu.Lock()
	defer bc.mu.Unlock()

	if err != nil {
		if bc.nilErrOrMultipleCalls() {
			bc.err = err
		}
		return
	}
	bc.results = append(bc.results, *res)
}

// Wait returns once every queued writer has been closed.
func (bc *BatchCloser) Wait() ([]WriteResult, error) {
	bc.mu.Lock()
	if bc.err != nil {
		defer bc.mu.Unlock()
		return nil, bc.err
	}
	bc.err = ErrMultipleWaitCalls
	bc.mu.Unlock()

	close(bc.ch)
	bc.wg.Wait()

	bc.mu.Lock()
	defer bc.mu.Unlock()
	if !bc.nilErrOrMultipleCalls() {
		return nil, bc.err
	}
	return bc.results, nil
}

func (bc *BatchCloser) nilErrOrMultipleCalls() bool {
	return bc.err == nil || errors.Is(bc.err, ErrMultipleWaitCalls)
}

// WriteRanges hands every finished range writer to a batch closer and
// collects the upload results.
func WriteRanges(writers []ResultCloser, numClosers int) ([]WriteResult, error) {
	bc := NewBatchCloser(numClosers)
	for _, w := range writers {
		if err := bc.CloseWriterAsync(w); err != nil {
			return nil, err
		}
	}
	return bc.Wait()
}
