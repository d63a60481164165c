package buggy

import "sync"

type Session struct {
	ID   string
	Data map[string]string
}

// SessionStore keeps live sessions in a sync.Map.
type SessionStore struct {
	sessions sync.Map // id -> *Session
}
