package fixed

import "sync"

type Sessions struct {
	mu    sync.Mutex
	users map[string]string
}

func (s *Sessions) Login(id, user string) {
	s.mu.Lock()
	s.users[id] = user
	s.mu.Unlock()
}

// shape: the janitor deletes through a method that takes the same mutex as Login
func (s *Sessions) StartJanitor(expired <-chan string) {
	go func() {
		for id := range expired {
			s.logout(id)
		}
	}()
}

func (s *Sessions) logout(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.users, id)
}
