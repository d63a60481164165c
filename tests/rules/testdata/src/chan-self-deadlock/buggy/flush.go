package buggy

import (
	"fmt"
	"io"
)

// shape: the writer goroutine was inlined; the function now waits for a result it only sends later
func (s *Store) Flush(w io.Writer) error {
	done := make(chan error)
	s.mu.Lock()
	data := s.copyLocked()
	s.mu.Unlock()
	if err := <-done; err != nil { // want "chan-self-deadlock: deadlock"
		return err
	}
	_, err := fmt.Fprintln(w, data)
	done <- err
	return nil
}
