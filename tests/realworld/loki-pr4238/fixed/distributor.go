package distributor

import (
	"context"
	"sync/atomic"
)

type streamTracker struct {
	minSuccess  int32
	maxFailures int32
	succeeded   int32
	failed      int32
}

type pushTracker struct {
	samplesPending int32
	samplesFailed  int32
	done           chan struct{}
	err            chan error
}

type Distributor struct {
	send func(ctx context.Context, ingester string) error
}

func (d *Distributor) Push(ctx context.Context, ingesters []string, streams []*streamTracker) error {
	tracker := pushTracker{
		samplesPending: int32(len(streams)),
		done:           make(chan struct{}, 1),
		err:            make(chan error, 1),
	}
	for _, ing := range ingesters {
		go func(ing string) {
			// a background context, so that every ingester gets the samples even if the
			// request returns early
			err := d.send(context.Background(), ing)
			d.sendSamples(streams, &tracker, err)
		}(ing)
	}
	select {
	case err := <-tracker.err:
		return err
	case <-tracker.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (d *Distributor) sendSamples(streams []*streamTracker, pushTracker *pushTracker, err error) {
	for _, s := range streams {
		if err != nil {
			if atomic.AddInt32(&s.failed, 1) <= s.maxFailures {
				continue
			}
			if atomic.AddInt32(&pushTracker.samplesFailed, 1) == 1 {
				pushTracker.err <- err
			}
		} else {
			if atomic.AddInt32(&s.succeeded, 1) != s.minSuccess {
				continue
			}
			if atomic.AddInt32(&pushTracker.samplesPending, -1) == 0 {
				pushTracker.done <- struct{}{}
			}
		}
	}
}
