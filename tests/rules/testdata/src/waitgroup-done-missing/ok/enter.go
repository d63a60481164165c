package ok

import "sync"

type routine struct{ id int }

// Tracker counts the routines its callers enter and exit.
type Tracker struct {
	wg   sync.WaitGroup
	mu   sync.Mutex
	next int
	live map[int]*routine
}

// shape: the Add counts the routine handed back; the caller ends it with exit, which calls Done
func (t *Tracker) enter() *routine {
	r := &routine{}
	t.wg.Add(1)
	t.mu.Lock()
	r.id = t.next
	t.next++
	t.live[r.id] = r
	t.mu.Unlock()
	return r
}

func (t *Tracker) exit(r *routine) {
	t.mu.Lock()
	delete(t.live, r.id)
	t.mu.Unlock()
	t.wg.Done()
}

func (t *Tracker) Run(f func()) {
	r := t.enter()
	go func() {
		defer t.exit(r)
		f()
	}()
}

func (t *Tracker) Wait() { t.wg.Wait() }
