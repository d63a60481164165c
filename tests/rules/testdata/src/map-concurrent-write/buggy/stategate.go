package buggy

import "sync"

type phase int

const (
	idle phase = iota
	serving
)

type job struct{ name string }

// The state is checked under the lock, but the write comes after the unlock: the loop may
// have started in between.
type lateDispatcher struct {
	mu      sync.Mutex
	state   phase
	jobs    map[int]job
	control chan job
}

func (d *lateDispatcher) Register(id int, j job) {
	d.mu.Lock()
	idleNow := d.state == idle
	d.mu.Unlock()
	if idleNow {
		d.jobs[id] = j
		return
	}
	d.control <- j
}

func (d *lateDispatcher) Start() { go d.run() }

func (d *lateDispatcher) run() {
	d.mu.Lock()
	d.state = serving
	d.mu.Unlock()
	for j := range d.control {
		d.jobs[len(d.jobs)] = j // want "map-concurrent-write: fatal error: concurrent map writes"
	}
}

// Reset puts the state back while the loop may still run: a later Register writes the map
// beside it.
type resettableDispatcher struct {
	mu      sync.Mutex
	state   phase
	jobs    map[int]job
	control chan job
}

func (d *resettableDispatcher) Register(id int, j job) {
	d.mu.Lock()
	if d.state == idle {
		d.jobs[id] = j
		d.mu.Unlock()
		return
	}
	d.mu.Unlock()
	d.control <- j
}

func (d *resettableDispatcher) Reset() {
	d.mu.Lock()
	d.state = idle
	d.mu.Unlock()
}

func (d *resettableDispatcher) Start() { go d.run() }

func (d *resettableDispatcher) run() {
	d.mu.Lock()
	d.state = serving
	d.mu.Unlock()
	for j := range d.control {
		d.jobs[len(d.jobs)] = j // want "map-concurrent-write: fatal error: concurrent map writes"
	}
}

// One run at a time, but the run starts a goroutine of its own on the map.
type forkingDispatcher struct {
	mu    sync.Mutex
	state phase
	jobs  map[int]job
}

func (d *forkingDispatcher) Run(in <-chan job) {
	d.mu.Lock()
	if d.state != idle {
		d.mu.Unlock()
		return
	}
	d.state = serving
	d.mu.Unlock()
	go func() {
		for j := range in {
			d.jobs[len(d.jobs)] = j // want "map-range-during-write: fatal error: concurrent map iteration and map write"
		}
	}()
	for id := range d.jobs {
		_ = id
	}
}

const (
	quiet = iota
	busy
)

// The loop marks its peer busy, not the dispatcher whose mode Register checks.
type peerState struct {
	mu   sync.Mutex
	mode int
}

type peeredDispatcher struct {
	mu      sync.Mutex
	mode    int
	peer    *peerState
	jobs    map[int]job
	control chan job
}

func (d *peeredDispatcher) Register(id int, j job) {
	d.mu.Lock()
	if d.mode == quiet {
		d.jobs[id] = j
		d.mu.Unlock()
		return
	}
	d.mu.Unlock()
	d.control <- j
}

func (d *peeredDispatcher) Start() { go d.run() }

func (d *peeredDispatcher) run() {
	d.mu.Lock()
	d.peer.mode = busy
	d.mu.Unlock()
	for j := range d.control {
		d.jobs[len(d.jobs)] = j // want "map-concurrent-write: fatal error: concurrent map writes"
	}
}
