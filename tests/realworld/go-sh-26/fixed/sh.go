// Package sh runs shell-like pipelines of commands.
package sh

import (
	"io"
	"os"
	"os/exec"
	"time"
)

// Session holds a pipeline of commands and how to run it.
type Session struct {
	cmds     []*exec.Cmd
	started  bool
	timeout  time.Duration
	Stdout   io.Writer
	Stderr   io.Writer
	PipeFail bool
}

// NewSession returns a session writing to the process's stdout and stderr.
func NewSession() *Session {
	return &Session{Stdout: os.Stdout, Stderr: os.Stderr}
}

// Command returns a new session running name with args.
func Command(name string, args ...string) *Session {
	return NewSession().Command(name, args...)
}

// Command appends a command to the pipeline; after a run it starts a new one.
func (s *Session) Command(name string, args ...string) *Session {
	if s.started {
		s.started = false
		s.cmds = nil
	}
	s.cmds = append(s.cmds, exec.Command(name, args...))
	return s
}

// SetTimeout makes Run kill the pipeline if it has not finished in d.
func (s *Session) SetTimeout(d time.Duration) *Session {
	s.timeout = d
	return s
}
