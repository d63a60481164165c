package cli

import (
	"context"
	"log"

	"example.com/lntop-pr87/events"
	"example.com/lntop-pr87/network"
	"example.com/lntop-pr87/pubsub"
	"example.com/lntop-pr87/ui"
)

// run is the default command: the UI on one goroutine, the pubsub on this one.
func run(ctx context.Context, net network.Network, keys <-chan rune) error {
	events := make(chan *events.Event)
	ps := pubsub.New(net)

	go func() {
		err := ui.Run(ctx, net, keys, events)
		if err != nil {
			log.Printf("ui: %v", err)
		}
		ps.Stop()
	}()

	ps.Run(ctx, events)
	return nil
}
