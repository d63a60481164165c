package ok

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

// shape: the branch lets the mutex go around the slow fetch and takes it again before it
// ends, so the range after the branch runs with it as on every other path
func (g *Gateway) Reload(refetch bool) []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	if refetch {
		g.mu.Unlock()
		fresh := g.fetchAccounts()
		g.mu.Lock()
		g.accounts = fresh
	}
	var moved []string
	for addr, p := range g.peers {
		if !g.accounts[p.account] {
			moved = append(moved, addr)
		}
	}
	return moved
}
