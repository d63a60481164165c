package ok

import (
	"sync"
	"time"
)

// Janitor sweeps expired entries. Start and Close are each called once in its life.
type Janitor struct {
	once  sync.Once
	done  chan struct{}
	sweep func()
}

// shape: started once and closed once, and nothing says it starts twice
func (j *Janitor) Start(every time.Duration) {
	j.once.Do(func() {
		go j.run(every)
	})
}

func (j *Janitor) Close() { close(j.done) }

func (j *Janitor) run(every time.Duration) {
	for {
		select {
		case <-j.done:
			return
		case <-time.After(every):
			j.sweep()
		}
	}
}

// Pump may be started again after Stop: Stop gives it a fresh Once.
type Pump struct {
	mu   sync.Mutex
	once sync.Once
	quit chan struct{}
	tick func()
}

// shape: the stop method resets the Once, so a restart starts a new goroutine
// Start starts pumping; it can be called again after Stop.
func (p *Pump) Start() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.once.Do(func() {
		p.quit = make(chan struct{})
		go p.pump(p.quit)
	})
}

func (p *Pump) Stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	close(p.quit)
	p.once = sync.Once{}
}

func (p *Pump) pump(quit chan struct{}) {
	for {
		select {
		case <-quit:
			return
		default:
			p.tick()
		}
	}
}

// Config is loaded lazily; Load can be called again at any time and returns the same value.
type Config struct {
	once   sync.Once
	values map[string]string
	stop   chan struct{}
}

// shape: a Once that only initialises a value starts no goroutine to end
func (c *Config) Load() map[string]string {
	c.once.Do(func() { c.values = map[string]string{"mode": "default"} })
	return c.values
}

func (c *Config) Close() { close(c.stop) }

// Beacon announces itself until stopped.
type Beacon struct {
	once sync.Once
	stop chan struct{}
	ping func()
}

// shape: the doc says a stopped value stays stopped
// Start starts the beacon. A stopped beacon cannot be restarted; make a new one.
func (b *Beacon) Start() {
	b.once.Do(func() { go b.loop() })
}

func (b *Beacon) Stop() { close(b.stop) }

func (b *Beacon) loop() {
	for {
		select {
		case <-b.stop:
			return
		case <-time.After(time.Second):
			b.ping()
		}
	}
}
