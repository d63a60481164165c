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

type runner struct{ run func(job, done func()) }

// Jobs hands each job to a runner that runs it later.
type Jobs struct {
	wg  sync.WaitGroup
	exe *runner
}

// shape: the closure that calls Done is handed, with the job, to a runner of another type: the return after it has handed the work over
func (j *Jobs) Push(job func()) error {
	j.wg.Add(1)
	j.exe.run(job, func() { j.wg.Done() })
	return nil
}

// PushDone counts a job the caller has already finished.
func (j *Jobs) PushDone() error {
	j.wg.Add(1)
	j.finish(&j.wg)
	return nil
}

func (j *Jobs) finish(wg *sync.WaitGroup) { wg.Done() }

func (j *Jobs) Wait() { j.wg.Wait() }
