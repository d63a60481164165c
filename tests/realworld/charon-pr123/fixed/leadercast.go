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
		buffers:   make(map[Duty]chan []byte),
		stop:      func() {},
	}
}

// LeaderCast is a naive consensus: the leader chosen for each duty
// broadcasts its data, every other node waits for it and resolves to it.
type LeaderCast struct {
	total     int // total number of nodes in the cluster
	index     int // index of this node in the cluster
	transport Transport

	mu      sync.Mutex
	buffers map[Duty]chan []byte
	stop    context.CancelFunc
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

		l.getBuffer(d) <- data
		// TODO: trim buffers of duties that are never resolved.
	}
}

// getBuffer returns the channel that buffers the data of a duty.
func (l *LeaderCast) getBuffer(d Duty) chan []byte {
	l.mu.Lock()
	defer l.mu.Unlock()

	ch, ok := l.buffers[d]
	if !ok {
		ch = make(chan []byte, 1)
		l.buffers[d] = ch
	}

	return ch
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

	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case data := <-l.getBuffer(d):
		l.mu.Lock()
		delete(l.buffers, d)
		l.mu.Unlock()

		return data, nil
	}
}

// isLeader reports whether the node at index (of total) leads the duty.
func isLeader(index, total int, d Duty) bool {
	return (d.Slot+int(d.Type))%total == index
}
