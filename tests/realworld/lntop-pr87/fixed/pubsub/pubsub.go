package pubsub

import (
	"context"
	"sync"

	"example.com/lntop-pr87/events"
	"example.com/lntop-pr87/network"
)

// PubSub polls and subscribes to the node and publishes what changed.
type PubSub struct {
	stop    chan bool
	network network.Network
	wg      *sync.WaitGroup
}

func New(net network.Network) *PubSub {
	return &PubSub{
		network: net,
		wg:      &sync.WaitGroup{},
		stop:    make(chan bool),
	}
}

// Stop ends Run and every publishing goroutine.
func (p *PubSub) Stop() {
	p.stop <- true
	close(p.stop)
}

// Run starts the publishers and returns once Stop was called and all of
// them have exited.
func (p *PubSub) Run(ctx context.Context, sub chan *events.Event) {
	p.ticker(ctx, sub,
		withTickerInfo(),
	)

	<-p.stop
	p.wg.Wait()
}
