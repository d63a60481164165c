package fixed

import (
	"errors"
	"time"
)

var chunkDeadline = 2 * time.Minute

func sendChunks(chunks [][]byte, send func([]byte) error, retry <-chan struct{}) error {
	for len(chunks) > 0 {
		if err := sendChunk(chunks[0], send, retry); err != nil {
			return err
		}
		chunks = chunks[1:]
	}
	return nil
}

func sendChunk(chunk []byte, send func([]byte) error, retry <-chan struct{}) error {
	deadline := time.NewTimer(chunkDeadline)
	defer deadline.Stop()
	for {
		if err := send(chunk); err == nil {
			return nil
		}
		select {
		case <-retry:
		case <-deadline.C:
			return errors.New("chunk deadline passed")
		}
	}
}
