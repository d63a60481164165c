package buggy

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
}

// shape: a constructor of a type with a Close method starts a janitor ranging over time.Tick; Close cannot end it
func NewExpiringCache(ttl time.Duration) *ExpiringCache {
	c := &ExpiringCache{ttl: ttl, entries: map[string]time.Time{}}
	go c.janitor()
	return c
}

func (c *ExpiringCache) janitor() {
	for now := range time.Tick(c.ttl) { // want "select-loop-no-exit: `ExpiringCache.Close`"
		c.mu.Lock()
		for k, at := range c.entries {
			if now.Sub(at) > c.ttl {
				delete(c.entries, k)
			}
		}
		c.mu.Unlock()
	}
}

// Close drops every entry.
func (c *ExpiringCache) Close() error {
	c.mu.Lock()
	c.entries = nil
	c.mu.Unlock()
	return nil
}

// Pinger pings a peer every second once started.
type Pinger struct {
	ping    func()
	stopped bool
}

// shape: a Start method launches a ticker loop that stops its own ticker on the way out, which it never takes; Stop only sets a flag nobody reads
func (p *Pinger) Start() {
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for range t.C { // want "select-loop-no-exit: `Pinger.Stop` .* cannot end this goroutine"
			p.ping()
		}
	}()
}

// Stop marks the pinger stopped.
func (p *Pinger) Stop() { p.stopped = true }

// Limiter refills its tokens on every tick.
type Limiter struct {
	tokens chan struct{}
	tick   *time.Ticker
	quit   chan struct{}
}

// shape: a constructor returning a value and an error starts a refill loop that receives from the ticker at the top of an endless loop; Stop closes a channel the loop never watches
func NewLimiter(every time.Duration, burst int) (*Limiter, error) {
	l := &Limiter{tokens: make(chan struct{}, burst), tick: time.NewTicker(every), quit: make(chan struct{})}
	go func() {
		for { // want "select-loop-no-exit: by the constructor `NewLimiter`"
			<-l.tick.C
			select {
			case l.tokens <- struct{}{}:
			default:
			}
		}
	}()
	return l, nil
}

// Stop tells waiters the limiter is gone.
func (l *Limiter) Stop() { close(l.quit) }

// shape: an HTTP handler starts a progress reporter ranging over its ticker's channel: one more goroutine for every request
func ServeExport(w http.ResponseWriter, r *http.Request) {
	t := time.NewTicker(time.Second)
	go func() {
		for range t.C { // want "select-loop-no-exit: by the HTTP handler `ServeExport`"
			log.Printf("export of %s still running", r.URL.Path)
		}
	}()
	export(r.URL.Path)
	w.WriteHeader(http.StatusOK)
}

func export(path string) { log.Print(path) }
