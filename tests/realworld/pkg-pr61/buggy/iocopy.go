// Package progressutil runs several io.Copy calls at once and waits for all
// of them while reporting their progress.
package progressutil

import (
	"io"
	"sync"
	"time"
)

// copyReader wraps the source of one copy and counts the bytes read from it.
type copyReader struct {
	reader  io.Reader
	current int64
	total   int64
	done    bool
}

func (cr *copyReader) Read(p []byte) (int, error) {
	n, err := cr.reader.Read(p)
	cr.current += int64(n)
	if err != nil {
		// io.EOF or a real error: this copy is over.
		cr.done = true
	}
	return n, err
}

// CopyProgressPrinter performs any number of copies concurrently.
type CopyProgressPrinter struct {
	lock    sync.Mutex
	readers []*copyReader
	errors  []error
}

// AddCopy starts copying reader into dest on a new goroutine.
func (cpp *CopyProgressPrinter) AddCopy(reader io.Reader, size int64, dest io.Writer) {
	cr := &copyReader{reader: reader, total: size}

	cpp.lock.Lock()
	cpp.readers = append(cpp.readers, cr)
	cpp.lock.Unlock()

	go func() {
		_, err := io.Copy(dest, cr)
		if err != nil {
			cpp.lock.Lock()
			cpp.errors = append(cpp.errors, err)
			cpp.lock.Unlock()
		}
	}()
}

// PrintAndWait polls every interval until every added copy has finished, one
// of them has failed, or cancel is closed.
func (cpp *CopyProgressPrinter) PrintAndWait(interval time.Duration, cancel chan struct{}) error {
	for {
		if cancel != nil {
			select {
			case <-cancel:
				return nil
			default:
			}
		}

		cpp.lock.Lock()
		readers := cpp.readers
		errs := cpp.errors
		cpp.lock.Unlock()

		if len(errs) > 0 {
			return errs[0]
		}

		allDone := true
		for _, r := range readers {
			allDone = allDone && r.done
		}
		if allDone && len(readers) > 0 {
			return nil
		}

		time.Sleep(interval)
	}
}
