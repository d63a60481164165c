package ok

import "sync"

// Snapshotter records which members are alive, from events its stream goroutine receives.
type Snapshotter struct {
	mu     sync.Mutex
	alive  map[string]string
	events chan string
}

func (s *Snapshotter) stream() {
	for name := range s.events {
		s.mu.Lock()
		s.alive[name] = "alive"
		s.mu.Unlock()
	}
}

// shape: ranged only while Create builds the cluster, before anything sends an event
func (s *Snapshotter) aliveNodes() []string {
	var out []string
	for name := range s.alive {
		out = append(out, name)
	}
	return out
}

// Cluster joins the members a snapshot remembers.
type Cluster struct {
	snap    *Snapshotter
	members []string
}

// Create starts the snapshotter, then rejoins the members it remembered.
func Create(previous map[string]string) *Cluster {
	s := &Snapshotter{alive: previous, events: make(chan string)}
	go s.stream()
	return &Cluster{snap: s, members: s.aliveNodes()}
}
