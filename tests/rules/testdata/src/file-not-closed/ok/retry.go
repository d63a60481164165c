package ok

import (
	"errors"
	"os"
	"time"
)

// shape: a retry loop whose defer is registered only by the pass that ends it
func readWhenReady(path string, tries int) ([]byte, error) {
	for i := 0; i < tries; i++ {
		f, err := os.Open(path)
		if err != nil {
			time.Sleep(100 * time.Millisecond)
			continue
		}
		defer f.Close()
		buf := make([]byte, 512)
		n, err := f.Read(buf)
		return buf[:n], err
	}
	return nil, errors.New("not ready")
}
