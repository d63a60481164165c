package buggy

import "sync"

// Sessions maps a session id to its user. Login writes under the mutex; the janitor
// goroutine deletes without it.
type Sessions struct {
	mu    sync.Mutex
	users map[string]string
}

func (s *Sessions) Login(id, user string) {
	s.mu.Lock()
	s.users[id] = user
	s.mu.Unlock()
}

// shape: delete(m, k) from a janitor goroutine fed by a channel, racing with locked writes
func (s *Sessions) StartJanitor(expired <-chan string) {
	go func() {
		for id := range expired {
			delete(s.users, id) // want "map-concurrent-write: fatal error: concurrent map (writes|read and map write)"
		}
	}()
}
