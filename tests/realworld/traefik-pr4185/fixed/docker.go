package docker

import (
	"context"
	"time"
)

type Message struct {
	ProviderName  string
	Configuration map[string]string
}

type Provider struct {
	Watch        bool
	pollInterval time.Duration
	list         func(ctx context.Context) (map[string]string, error)
}

func (p *Provider) Provide(ctx context.Context, configurationChan chan<- Message) error {
	go func() {
		for {
			conf, err := p.list(ctx)
			if err != nil {
				return
			}
			select {
			case configurationChan <- Message{ProviderName: "docker", Configuration: conf}:
			case <-ctx.Done():
				return
			}
			if !p.Watch {
				return
			}
			select {
			case <-ctx.Done():
				return
			case <-time.After(p.pollInterval):
			}
		}
	}()
	return nil
}
