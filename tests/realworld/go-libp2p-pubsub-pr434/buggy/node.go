package pubsub

import (
	"context"
	"sync"
)

// guardedBlacklist is the application's own blacklist: its connection
// scoring adds misbehaving peers to it directly, from its own goroutine,
// without going through PubSub.BlacklistPeer.
type guardedBlacklist struct {
	mu  sync.Mutex
	set map[ID]struct{}
}

func newGuardedBlacklist() *guardedBlacklist {
	return &guardedBlacklist{set: make(map[ID]struct{})}
}

func (b *guardedBlacklist) Add(p ID) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.set[p] = struct{}{}
	return true
}

func (b *guardedBlacklist) Contains(p ID) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	_, ok := b.set[p]
	return ok
}

// RunNode starts pubsub with the application's blacklist, reports the
// network's new connections to it and blacklists the peers the
// application's scoring flags.
func RunNode(ctx context.Context, h Host, rt Router, connected, misbehaving <-chan ID) (*PubSub, error) {
	bl := newGuardedBlacklist()
	ps, err := NewPubSub(ctx, h, rt, WithBlacklist(bl))
	if err != nil {
		return nil, err
	}
	go func() {
		for {
			select {
			case pid := <-connected:
				(*Notifiee)(ps).Connected(pid)
			case pid := <-misbehaving:
				bl.Add(pid)
			case <-ctx.Done():
				return
			}
		}
	}()
	if err := ps.Subscribe("blocks"); err != nil {
		return nil, err
	}
	return ps, nil
}
