package leadercast

import (
	"context"
	"sync"
)

// Transport abstracts the transport layer for leader cast consensus.
type Transport interface {
	Broadcast(ctx context.Context, source int, d Duty, data []byte) error
	AwaitNext(ctx context.Context) (source int, d Duty, data []byte, err error)
}

type memMsg struct {
	source int
	duty   Duty
	data   []byte
}

// NewMemTransportFunc returns a constructor of in-memory transports that
// deliver every broadcast to all the other nodes of the cluster.
func NewMemTransportFunc() func() Transport {
	var (
		mu    sync.Mutex
		nodes []*memTransport
	)

	return func() Transport {
		mu.Lock()
		defer mu.Unlock()

		t := &memTransport{
			ch: make(chan memMsg, 64),
			peers: func() []*memTransport {
				mu.Lock()
				defer mu.Unlock()
				return append([]*memTransport(nil), nodes...)
			},
		}
		nodes = append(nodes, t)

		return t
	}
}

type memTransport struct {
	ch    chan memMsg
	peers func() []*memTransport
}

func (t *memTransport) Broadcast(ctx context.Context, source int, d Duty, data []byte) error {
	for _, peer := range t.peers() {
		if peer == t {
			continue
		}
		select {
		case peer.ch <- memMsg{source: source, duty: d, data: data}:
		case <-ctx.Done():
			return ctx.Err()
		}
	}

	return nil
}

func (t *memTransport) AwaitNext(ctx context.Context) (int, Duty, []byte, error) {
	select {
	case msg := <-t.ch:
		return msg.source, msg.duty, msg.data, nil
	case <-ctx.Done():
		return 0, Duty{}, nil, ctx.Err()
	}
}
