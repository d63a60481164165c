package buggy

import (
	"io"
	"sync"
	"time"
)

// progressReader counts what is read through it.
type progressReader struct {
	r        io.Reader
	finished bool
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if err != nil {
		p.finished = true
	}
	return n, err
}

// Copier runs copies at once and waits for them.
type Copier struct {
	mu      sync.Mutex
	readers []*progressReader
}

// Add starts copying src into dst on a goroutine of its own.
func (c *Copier) Add(src io.Reader, dst io.Writer) {
	p := &progressReader{r: src}
	c.mu.Lock()
	c.readers = append(c.readers, p)
	c.mu.Unlock()
	go func() {
		_, _ = io.Copy(dst, p)
	}()
}

// shape: a loop polls a flag between sleeps while the copying goroutine, through io.Copy,
// sets it: neither side holds a lock
func (c *Copier) Wait(every time.Duration) {
	for {
		c.mu.Lock()
		readers := c.readers
		c.mu.Unlock()
		done := true
		for _, p := range readers {
			done = done && p.finished // want "shared-variable-race: `Copier.Wait` polls `p.finished` in a loop with no lock while the goroutine started at line [0-9]+ writes it in `progressReader.Read`"
		}
		if done {
			return
		}
		time.Sleep(every)
	}
}
