package fixed

import (
	"io"
	"sync"
	"time"
)

// progressReader counts what is read through it.
type progressReader struct {
	mu       sync.Mutex
	r        io.Reader
	finished bool
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if err != nil {
		p.mu.Lock()
		p.finished = true
		p.mu.Unlock()
	}
	return n, err
}

func (p *progressReader) isFinished() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.finished
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

// shape: the flag is read and written under its own lock
func (c *Copier) Wait(every time.Duration) {
	for {
		c.mu.Lock()
		readers := c.readers
		c.mu.Unlock()
		done := true
		for _, p := range readers {
			done = done && p.isFinished()
		}
		if done {
			return
		}
		time.Sleep(every)
	}
}
