package ui

import (
	"context"
	"errors"

	"example.com/lntop-pr87/events"
	"example.com/lntop-pr87/network"
)

var errQuit = errors.New("quit")

// gui stands in for the gocui terminal: its main loop runs until the user
// presses q.
type gui struct {
	keys <-chan rune
}

func (g *gui) MainLoop() error {
	for k := range g.keys {
		if k == 'q' {
			return errQuit
		}
	}
	return nil
}

type controller struct {
	net    network.Network
	counts map[string]int
}

// Listen refreshes the views on every event the pubsub publishes.
func (c *controller) Listen(ctx context.Context, g *gui, sub chan *events.Event) {
	for event := range sub {
		c.counts[event.Type]++
	}
}

func Run(ctx context.Context, net network.Network, keys <-chan rune, sub chan *events.Event) error {
	g := &gui{keys: keys}
	ctrl := &controller{net: net, counts: make(map[string]int)}

	go ctrl.Listen(ctx, g, sub)

	err := g.MainLoop()
	close(sub)

	return err
}
