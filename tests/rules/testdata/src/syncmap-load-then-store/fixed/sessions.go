package fixed

import "sync"

type Session struct {
	ID   string
	Data map[string]string
}

type SessionStore struct {
	sessions sync.Map // id -> *Session
}
