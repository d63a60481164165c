package buggy

import (
	"net/http"
	"sync"
)

type peer struct{ account string }

type Gateway struct {
	mu       sync.Mutex
	peers    map[string]*peer
	accounts map[string]bool
}

func (g *Gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	g.mu.Lock()
	g.peers[r.RemoteAddr] = &peer{account: r.URL.Query().Get("account")}
	g.mu.Unlock()
}

func (g *Gateway) fetchAccounts() map[string]bool { return map[string]bool{"default": true} }

// The branch takes the mutex again only when the fetch found something: on the other path
// the range runs unguarded while requests add peers.
func (g *Gateway) Reload(refetch bool) []string {
	g.mu.Lock()
	if refetch {
		g.mu.Unlock()
		fresh := g.fetchAccounts()
		if len(fresh) > 0 {
			g.mu.Lock()
			g.accounts = fresh
		}
	}
	var moved []string
	for addr, p := range g.peers { // want "map-range-during-write: fatal error: concurrent map iteration and map write"
		if !g.accounts[p.account] {
			moved = append(moved, addr)
		}
	}
	g.mu.Unlock()
	return moved
}
