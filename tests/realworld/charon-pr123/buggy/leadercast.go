package leadercast

import (
	"context"
	"errors"
	"log"
	"sync"
)

// NewLeaderCast returns a new leader cast consensus implementation
// for the node at index in the total cluster.
func NewLeaderCast(transport Transport, index, total int) *LeaderCast {
	return &LeaderCast{
		total:     total,
		index:     index,
		transport: transport,
		cond:      sync.Cond{L: new(sync.Mutex)},
		stop:      func() {},
	}
}

// LeaderCast is a naive consensus: the leader chosen for each duty
// broadcasts its data, every other node waits for it and resolves to it.
type LeaderCast struct {
	total     int // total number of nodes in the cluster
	index     int // index of this node in the cluster
	transport Transport

	cond   sync.Cond
	duties []dutyTuple
	stop   context.CancelFunc
}

// Start runs the receive loop until Stop is called.
func (l *LeaderCast) Start() error {
	ctx, cancel := context.WithCancel(context.Background())
	l.stop = cancel

	for {
		source, d, data, err := l.transport.AwaitNext(ctx)
		if errors.Is(err, context.Canceled) && ctx.Err() != nil {
			return nil
		} else if err != nil {
			log.Printf("await next leader duty: %v", err)
			continue
		}

		if !isLeader(source, l.total, d) {
			log.Printf("received duty %v from non-leader %d", d, source)
			continue
		}

		l.cond.L.Lock()
		l.duties = append(l.duties, dutyTuple{Duty: d, Data: data})
		l.cond.L.Unlock()
		l.cond.Signal()
	}
}

func (l *LeaderCast) Stop() {
	l.stop()
}

// ResolveDuty returns the leader's data for the duty: its own if this node
// leads it, else what the leader broadcast.
func (l *LeaderCast) ResolveDuty(ctx context.Context, d Duty, data []byte) ([]byte, error) {
	if isLeader(l.index, l.total, d) {
		if err := l.transport.Broadcast(ctx, l.index, d, data); err != nil {
			return nil, err
		}

		return data, nil
	}

	// Wait for the leader's duty on the condition, signalled whenever a duty
	// arrives; async returns early when ctx is done since Wait cannot.
	var resp []byte

	err := async(ctx, func() error {
		l.cond.L.Lock()
		defer l.cond.L.Unlock()

		for {
			if ctx.Err() != nil { // timed out
				return ctx.Err()
			}

			for _, t := range l.duties {
				if t.Duty == d {
					resp = t.Data
					return nil
				}
			}

			// not received yet: release the lock and wait for a signal
			l.cond.Wait()
		}
	})

	return resp, err
}

// isLeader reports whether the node at index (of total) leads the duty.
func isLeader(index, total int, d Duty) bool {
	return (d.Slot+int(d.Type))%total == index
}

type dutyTuple struct {
	Duty Duty
	Data []byte
}

// async calls fn asynchronously and returns its error or the context's,
// whichever comes first.
func async(ctx context.Context, fn func() error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	ch := make(chan error, 1)

	go func() {
		ch <- fn()
	}()

	go func() {
		<-ctx.Done()
		ch <- ctx.Err()
	}()

	return <-ch
}
