package fixed

import (
	"fmt"
	"io"
)

// shape: the writer runs inline and its error is returned directly
func (s *Store) Flush(w io.Writer) error {
	s.mu.Lock()
	data := s.copyLocked()
	s.mu.Unlock()
	_, err := fmt.Fprintln(w, data)
	return err
}
