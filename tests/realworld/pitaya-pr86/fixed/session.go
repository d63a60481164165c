package pitaya

import "sync/atomic"

// networkEntity is what a session closes through; the Agent implements it.
type networkEntity interface {
	Close() error
}

var sessionIDs int64

type Session struct {
	id               int64
	entity           networkEntity
	OnCloseCallbacks []func()
}

func newSession(entity networkEntity) *Session {
	return &Session{id: atomic.AddInt64(&sessionIDs, 1), entity: entity}
}

func (s *Session) ID() int64 { return s.id }

// Close closes the session's network entity.
func (s *Session) Close() {
	s.entity.Close()
}
