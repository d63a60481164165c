package buggy

import "sync"

// Journal tracks its followers.
type Journal struct {
	mu      sync.Mutex
	readers map[int]string
}

func (j *Journal) forget(id int) {
	j.mu.Lock()
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
	j.forget(id) // want "mutex-self-deadlock: not reentrant"
	j.mu.Unlock()
	close(ch)
}
