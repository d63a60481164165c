package ok

import (
	"encoding/json"
	"io"
	"sync"
)

// shape: a local Once makes sure a per-call pipe is closed exactly once, whichever of its two
// ways out (an encoding error, or the end of the stream) comes first
func Stream(next func() interface{}) io.Reader {
	pr, pw := io.Pipe()
	enc := json.NewEncoder(pw)
	go func() {
		var closeOnce sync.Once
		defer closeOnce.Do(func() {
			pw.Close()
		})
		for {
			m := next()
			if m == nil {
				break
			}
			if err := enc.Encode(m); err != nil {
				closeOnce.Do(func() {
					pw.CloseWithError(err)
				})
				break
			}
		}
	}()
	return pr
}

// shape: a session released once; the first release decides whether the handler's clean-up
// runs, and later ones find it released
type handler interface{ Cleanup() error }

type session struct {
	releaseOnce sync.Once
	handler     handler
	released    error
}

func (s *session) release(withCleanup bool) error {
	s.releaseOnce.Do(func() {
		if withCleanup {
			s.released = s.handler.Cleanup()
		}
	})
	return s.released
}

func (s *session) Close() error { return s.release(true) }

func (s *session) Abort() error { return s.release(false) }
