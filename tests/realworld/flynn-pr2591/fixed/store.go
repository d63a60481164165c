package server

import (
	"errors"
	"sync"
)

type raftNode struct{ peers []string }

func startRaft(path string, peers []string) (*raftNode, error) {
	if path == "" {
		return nil, errors.New("no raft path")
	}
	return &raftNode{peers: peers}, nil
}

type Store struct {
	mu      sync.Mutex
	path    string
	raft    *raftNode
	data    map[string][]string
	leaderCh chan bool
}

func NewStore(path string) *Store {
	return &Store{path: path, data: make(map[string][]string), leaderCh: make(chan bool, 1)}
}

func (s *Store) Open(peers []string) error {
	s.mu.Lock()
	r, err := startRaft(s.path, peers)
	if err != nil {
		s.mu.Unlock()
		return err
	}
	s.raft = r
	s.mu.Unlock()

	go s.monitorLeaderCh()
	return nil
}

func (s *Store) monitorLeaderCh() {
	for isLeader := range s.leaderCh {
		s.mu.Lock()
		if isLeader {
			s.data["leader"] = []string{s.path}
		}
		s.mu.Unlock()
	}
}

func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	close(s.leaderCh)
	s.raft = nil
	return nil
}
