package buggy

import (
	"errors"
	"time"
)

var chunkDeadline = 2 * time.Minute

// shape: each chunk gets a deadline timer that a chunk sent at once leaves pending while the next one starts
func sendChunks(chunks [][]byte, send func([]byte) error, retry <-chan struct{}) error {
	for len(chunks) > 0 {
		deadline := time.After(chunkDeadline) // want "time-after-in-loop: `time.After.chunkDeadline.` in a loop creates a new timer on every iteration; an iteration that goes round again before it fires"
		for {
			if err := send(chunks[0]); err == nil {
				break
			}
			select {
			case <-retry:
			case <-deadline:
				return errors.New("chunk deadline passed")
			}
		}
		chunks = chunks[1:]
	}
	return nil
}
