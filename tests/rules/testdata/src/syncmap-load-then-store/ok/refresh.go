package ok

import (
	"net"
	"sync"
	"time"
)

type resolvedEntry struct {
	ips        []net.IP
	resolvedAt time.Time
	refreshing bool
}

type resolverCache struct {
	ttl     time.Duration
	entries sync.Map // host -> *resolvedEntry
}

// shape: the entry stored after the Load is rebuilt from a fresh lookup of the same host; two
// goroutines refreshing at once store equivalent entries, so neither store loses anything
func (c *resolverCache) lookup(host string) ([]net.IP, error) {
	v, found := c.entries.Load(host)
	e, _ := v.(*resolvedEntry)
	if found && e != nil && !e.refreshing && time.Since(e.resolvedAt) > c.ttl {
		e.refreshing = true
		e = nil
	}
	if e == nil {
		ips, err := net.LookupIP(host)
		if err != nil {
			v, found := c.entries.Load(host)
			e, _ = v.(*resolvedEntry)
			if found && e != nil {
				e.refreshing = false
			}
			return nil, err
		}
		e = &resolvedEntry{ips: ips, resolvedAt: time.Now()}
		c.entries.Store(host, e)
	}
	return e.ips, nil
}
