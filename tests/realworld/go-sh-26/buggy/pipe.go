package sh

import (
	"errors"
	"io"
	"os"
	"syscall"
	"time"
)

// ErrExecTimeout is returned by Run when the timeout fires first.
var ErrExecTimeout = errors.New("execute timeout")

// Start starts every command of the pipeline, wiring each one's stdout to
// the next one's stdin.
func (s *Session) Start() (err error) {
	s.started = true
	var rd *io.PipeReader
	var wr *io.PipeWriter
	length := len(s.cmds)
	for index, cmd := range s.cmds {
		if index != 0 {
			cmd.Stdin = rd
		}
		if index != length-1 {
			rd, wr = io.Pipe()
			cmd.Stdout = wr
			cmd.Stderr = os.Stderr
		} else {
			cmd.Stdout = s.Stdout
			cmd.Stderr = s.Stderr
		}
		if err = cmd.Start(); err != nil {
			return
		}
	}
	return
}

// Wait waits for every command; it should be called after Start.
func (s *Session) Wait() error {
	var pipeErr, lastErr error
	for _, cmd := range s.cmds {
		if lastErr = cmd.Wait(); lastErr != nil {
			pipeErr = lastErr
		}
		if wr, ok := cmd.Stdout.(*io.PipeWriter); ok {
			wr.Close()
		}
	}
	if s.PipeFail {
		return pipeErr
	}
	return lastErr
}

// Kill sends sig to every started command.
func (s *Session) Kill(sig os.Signal) {
	for _, cmd := range s.cmds {
		if cmd.Process != nil {
			cmd.Process.Signal(sig)
		}
	}
}

// WaitTimeout waits for the pipeline, killing it if timeout passes first.
func (s *Session) WaitTimeout(timeout time.Duration) (err error) {
	select {
	case <-time.After(timeout):
		s.Kill(syscall.SIGKILL)
		return ErrExecTimeout
	case err = <-Go(s.Wait):
		return err
	}
}

// Go runs f on a new goroutine and returns a channel carrying its result.
func Go(f func() error) chan error {
	ch := make(chan error)
	go func() {
		ch <- f()
	}()
	return ch
}

// Run starts the pipeline and waits for it, within the timeout if one is set.
func (s *Session) Run() (err error) {
	if err = s.Start(); err != nil {
		return
	}
	if s.timeout != time.Duration(0) {
		return s.WaitTimeout(s.timeout)
	}
	return s.Wait()
}
