package buggy

import "sync"

// Journal tracks its followers.
type Journal struct {
	mu      sync.Mutex
	readers map[int]string
}

func (j *Journal) forget(id int) {
	j.mu.Lock() // want "mutex-self-deadlock: `Journal.Follow` locks `j.mu` at readers.go:27 and, holding it, calls `j.forget\(\)`"
	delete(j.readers, id)
	j.mu.Unlock()
}

// shape: after a goto label, the lock is taken and a helper that takes it again is called
func (j *Journal) Follow(id int, lines []string) {
	ch := make(chan string, len(lines))
	for _, l := range lines {
		if l == "" {
			goto cleanup
		}
		ch <- l
	}
cleanup:
	j.mu.Lock()
	j.forget(id)
	j.mu.Unlock()
	close(ch)
}
