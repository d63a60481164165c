package backoff

import (
	"context"
	"time"
)

type ConstantInterval struct {
	interval time.Duration
}

func (g *ConstantInterval) Next() time.Duration {
	return g.interval
}

type ConstantPolicy struct {
	interval   time.Duration
	maxRetries int
}

func NewConstantPolicy(interval time.Duration, maxRetries int) *ConstantPolicy {
	return &ConstantPolicy{interval: interval, maxRetries: maxRetries}
}

func (p *ConstantPolicy) Start(ctx context.Context) Controller {
	return newController(ctx, &ConstantInterval{interval: p.interval}, p.maxRetries)
}
