// Package toxics holds the toxics a link runs its data through, and the stub
// each of them reads from and writes to.
package toxics

import (
	"fmt"
	"time"
)

// StreamChunk is one piece of data read from a connection.
type StreamChunk struct {
	Data      []byte
	Timestamp time.Time
}

// Toxic defines how chunks flow through a stub. Pipe blocks until the link
// is closed or the stub is interrupted.
type Toxic interface {
	Pipe(*ToxicStub)
}

// CleanupToxic is a toxic that must tidy up its stub when it is removed.
type CleanupToxic interface {
	Cleanup(*ToxicStub)
}

// ToxicWrapper is a toxic as the API knows it.
type ToxicWrapper struct {
	Toxic
	Name       string
	Type       string
	Toxicity   float32
	Direction  int
	Index      int
	BufferSize int
}

// ToxicStub connects one toxic to the previous and the next stage of a link.
type ToxicStub struct {
	Input     <-chan *StreamChunk
	Output    chan<- *StreamChunk
	Interrupt chan struct{}
	running   chan struct{}
	closed    chan struct{}
}

func NewToxicStub(input <-chan *StreamChunk, output chan<- *StreamChunk) *ToxicStub {
	return &ToxicStub{
		Interrupt: make(chan struct{}),
		closed:    make(chan struct{}),
		Input:     input,
		Output:    output,
	}
}

// Run runs the toxic on this stub until it is interrupted or the input ends.
func (s *ToxicStub) Run(toxic *ToxicWrapper) {
	s.running = make(chan struct{})
	defer close(s.running)
	toxic.Pipe(s)
}

// WriteOutput writes p to Output, giving up after d so that a stage nobody
// reads any more cannot block the caller forever.
func (s *ToxicStub) WriteOutput(p *StreamChunk, d time.Duration) error {
	select {
	case s.Output <- p:
		return nil
	case <-time.After(d):
		return fmt.Errorf("timeout: could not write to output in %d seconds", int(d.Seconds()))
	}
}

// InterruptToxic stops the toxic running on the stub so it can be replaced.
// It reports false when the stub is already closed.
func (s *ToxicStub) InterruptToxic() bool {
	select {
	case <-s.closed:
		return false
	case s.Interrupt <- struct{}{}:
		<-s.running // wait for the toxic to return
		return true
	}
}

// Closed reports whether the stub has been closed.
func (s *ToxicStub) Closed() bool {
	select {
	case <-s.closed:
		return true
	default:
		return false
	}
}

// Close ends the stub and the stage after it.
func (s *ToxicStub) Close() {
	close(s.closed)
	close(s.Output)
}
