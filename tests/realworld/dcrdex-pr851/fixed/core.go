package core

import (
	"context"
	"sync"
)

// Backend is the part of an asset wallet that Core polls.
type Backend interface {
	Balance(assetID uint32) (*WalletBalance, error)
}

// Core ties the wallets to the frontends.
type Core struct {
	backend Backend
	notes   chan *WalletState

	walletMtx sync.RWMutex
	wallets   map[uint32]*xcWallet
}

// New creates a Core serving the given wallets.
func New(backend Backend, wallets ...*xcWallet) *Core {
	c := &Core{
		backend: backend,
		notes:   make(chan *WalletState, 16),
		wallets: make(map[uint32]*xcWallet),
	}
	for _, w := range wallets {
		c.wallets[w.AssetID] = w
	}
	return c
}

// Run handles new blocks until ctx is done. Each block refreshes the balance
// of every wallet on its own goroutine.
func (c *Core) Run(ctx context.Context, tips <-chan uint32) {
	for {
		select {
		case <-ctx.Done():
			return
		case assetID := <-tips:
			go c.tipChange(assetID)
		}
	}
}

func (c *Core) tipChange(assetID uint32) {
	c.walletMtx.RLock()
	w, found := c.wallets[assetID]
	c.walletMtx.RUnlock()
	if !found {
		return
	}
	bal, err := c.backend.Balance(assetID)
	if err != nil {
		return
	}
	w.setBalance(bal)
	c.notify(w.state())
}

// Wallets returns the state of every wallet, for the HTTP and WebSocket
// servers.
func (c *Core) Wallets() []*WalletState {
	c.walletMtx.RLock()
	defer c.walletMtx.RUnlock()
	states := make([]*WalletState, 0, len(c.wallets))
	for _, w := range c.wallets {
		states = append(states, w.state())
	}
	return states
}

func (c *Core) notify(st *WalletState) {
	select {
	case c.notes <- st:
	default:
	}
}
