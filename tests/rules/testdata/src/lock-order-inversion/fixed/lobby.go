package fixed

import "sync"

type Participant interface {
	Name() string
}

// Guest is a participant with a connection and a lock of its own; a Bot has neither.
type Guest struct {
	mu    sync.Mutex
	name  string
	token string
	lobby *Lobby
}

func (g *Guest) Name() string { return g.name }

func (g *Guest) Token() string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.token
}

type Bot struct{ name string }

func (b *Bot) Name() string { return b.name }

type Lobby struct {
	mu      sync.RWMutex
	members []Participant
}

// a guest leaving lets its own lock go before it takes the lobby's
func (l *Lobby) Tokens() []string {
	l.mu.RLock()
	defer l.mu.RUnlock()
	var out []string
	for _, m := range l.members {
		switch p := m.(type) {
		case *Guest:
			if p.name == "" {
				continue
			}
			t := p.Token()
			if t == "" {
				continue
			}
			out = append(out, t)
		case *Bot:
			out = append(out, p.Name())
		}
	}
	return out
}

func (l *Lobby) Remove(p Participant) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for i, m := range l.members {
		if m == p {
			l.members = append(l.members[:i], l.members[i+1:]...)
			return
		}
	}
}

func (g *Guest) Leave() {
	g.mu.Lock()
	lobby := g.lobby
	g.lobby = nil
	g.token = ""
	g.mu.Unlock()
	if lobby != nil {
		lobby.Remove(g)
	}
}
