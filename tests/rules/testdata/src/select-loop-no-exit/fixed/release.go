package fixed

import (
	"log"
	"net/http"
	"sync"
	"time"
)

// ExpiringCache drops entries older than its TTL.
type ExpiringCache struct {
	mu      sync.Mutex
	ttl     time.Duration
	entries map[string]time.Time
	done    chan struct{}
}

// shape: the janitor selects on a done channel that Close closes, next to the ticks
func NewExpiringCache(ttl time.Duration) *ExpiringCache {
	c := &ExpiringCache{ttl: ttl, entries: map[string]time.Time{}, done: make(chan struct{})}
	go c.janitor()
	return c
}

func (c *ExpiringCache) janitor() {
	t := time.NewTicker(c.ttl)
	defer t.Stop()
	for {
		select {
		case <-c.done:
			return
		case now := <-t.C:
			c.mu.Lock()
			for k, at := range c.entries {
				if now.Sub(at) > c.ttl {
					delete(c.entries, k)
				}
			}
			c.mu.Unlock()
		}
	}
}

// Close ends the janitor and drops every entry.
func (c *ExpiringCache) Close() error {
	close(c.done)
	c.mu.Lock()
	c.entries = nil
	c.mu.Unlock()
	return nil
}

// Pinger pings a peer every second once started.
type Pinger struct {
	ping    func()
	stopped chan struct{}
}

// shape: the ticker loop returns at the first tick after Stop closed the stopped channel
func (p *Pinger) Start() {
	p.stopped = make(chan struct{})
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for range t.C {
			select {
			case <-p.stopped:
				return
			default:
			}
			p.ping()
		}
	}()
}

// Stop ends the pinger at its next tick.
func (p *Pinger) Stop() { close(p.stopped) }

// Limiter refills its tokens on every tick.
type Limiter struct {
	tokens chan struct{}
	tick   *time.Ticker
	quit   chan struct{}
}

// shape: the refill loop waits on the quit channel Stop closes as well as on the ticks
func NewLimiter(every time.Duration, burst int) (*Limiter, error) {
	l := &Limiter{tokens: make(chan struct{}, burst), tick: time.NewTicker(every), quit: make(chan struct{})}
	go func() {
		defer l.tick.Stop()
		for {
			select {
			case <-l.quit:
				return
			case <-l.tick.C:
			}
			select {
			case l.tokens <- struct{}{}:
			default:
			}
		}
	}()
	return l, nil
}

// Stop ends the refill loop.
func (l *Limiter) Stop() { close(l.quit) }

// shape: the reporter returns once the handler closes its done channel after the export
func ServeExport(w http.ResponseWriter, r *http.Request) {
	t := time.NewTicker(time.Second)
	done := make(chan struct{})
	go func() {
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				log.Printf("export of %s still running", r.URL.Path)
			}
		}
	}()
	export(r.URL.Path)
	close(done)
	w.WriteHeader(http.StatusOK)
}

func export(path string) { log.Print(path) }
