package buggy

import (
	"os"
	"time"
)

func (s *Server) loop() {
	for r := range s.reqs {
		r.reply <- s.table[normalize(r.key)]
	}
}

type pollState struct {
	seen map[string]int64
}

// Watcher polls a directory for changes.
type Watcher struct {
	Every time.Duration
	state *pollState
}

// shape: a method starts the poller, then sets the state it writes to
func (w *Watcher) Start(dir string) {
	go w.poll(dir) // want "go-before-init: initialises only afterwards"
	w.state = &pollState{seen: map[string]int64{}}
}

func (w *Watcher) poll(dir string) {
	for {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return
		}
		for _, e := range entries {
			w.state.seen[e.Name()]++
		}
		time.Sleep(w.Every)
	}
}
