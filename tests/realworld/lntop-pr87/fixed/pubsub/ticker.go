package pubsub

import (
	"context"
	"time"

	"example.com/lntop-pr87/events"
	"example.com/lntop-pr87/network"
)

type tickerFunc func(context.Context, network.Network, chan *events.Event)

func (p *PubSub) ticker(ctx context.Context, sub chan *events.Event, fn ...tickerFunc) {
	p.wg.Add(1)
	ticker := time.NewTicker(3 * time.Second)
	go func() {
		for {
			select {
			case <-p.stop:
				ticker.Stop()
				p.wg.Done()
				return
			case <-ticker.C:
				for i := range fn {
					fn[i](ctx, p.network, sub)
				}
			}
		}
	}()
}

// withTickerInfo reports what changed in the node summary since the last tick.
func withTickerInfo() tickerFunc {
	var old *network.Info
	return func(ctx context.Context, net network.Network, sub chan *events.Event) {
		info, err := net.Info(ctx)
		if err != nil {
			return
		}
		if old != nil {
			if old.BlockHeight != info.BlockHeight {
				sub <- events.New(events.BlockReceived)
			}

			if old.NumPeers != info.NumPeers {
				sub <- events.New(events.PeerUpdated)
			}

			if old.NumPendingChannels < info.NumPendingChannels {
				sub <- events.New(events.ChannelPending)
			}

			if old.NumActiveChannels < info.NumActiveChannels {
				sub <- events.New(events.ChannelActive)
			}

			if old.NumInactiveChannels < info.NumInactiveChannels {
				sub <- events.New(events.ChannelInactive)
			}
		}
		old = info
	}
}
