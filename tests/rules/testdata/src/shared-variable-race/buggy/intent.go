package buggy

import (
	"bufio"
	"sync"
	"time"
)

// intentSession writes commands through one buffered writer; Subscribe takes mu around it.
// shape: a helper reached with the mutex from one method and without it from another
type intentSession struct {
	mu   sync.Mutex
	wr   *bufio.Writer
	subs map[string]bool
	quit chan struct{}
}

func (s *intentSession) send(cmd string) error {
	if _, err := s.wr.WriteString(cmd); err != nil {
		return err
	}
	return s.wr.Flush()
}

func (s *intentSession) Subscribe(name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.subs[name] = true
	return s.send("sub " + name)
}

func (s *intentSession) Ping() error {
	return s.send("ping") // want "shared-variable-race: changes what `s.wr` holds .* with no lock, while `intentSession.Subscribe`"
}

func (s *intentSession) StartPings() {
	go s.pingLoop()
}

func (s *intentSession) pingLoop() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			_ = s.Ping()
		case <-s.quit:
			return
		}
	}
}
