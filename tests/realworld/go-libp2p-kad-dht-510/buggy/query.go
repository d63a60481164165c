package dht

import (
	"context"
	"errors"
	"time"
)

type peerID string

type query struct {
	dht      *IpfsDHT
	key      string
	seedPeers []peerID
}

type IpfsDHT struct {
	alpha int
	timeout time.Duration
}

var errNoPeers = errors.New("no peers to query")

func (dht *IpfsDHT) runQuery(ctx context.Context, key string, seeds []peerID) ([]peerID, error) {
	queryCtx, cancelQuery := context.WithCancel(ctx)
	q := &query{dht: dht, key: key, seedPeers: seeds}
	if len(q.seedPeers) == 0 {
		return nil, errNoPeers
	}
	found := q.run(queryCtx)
	cancelQuery()

	followUpCtx, cancelFollowUp := context.WithTimeout(ctx, dht.timeout)
	if len(found) == 0 {
		return nil, errNoPeers
	}
	res := q.followUp(followUpCtx, found)
	cancelFollowUp()
	return res, nil
}

func (q *query) run(ctx context.Context) []peerID {
	out := make(chan peerID, len(q.seedPeers))
	for _, p := range q.seedPeers {
		go func(p peerID) {
			select {
			case out <- p:
			case <-ctx.Done():
			}
		}(p)
	}
	var res []peerID
	for range q.seedPeers {
		select {
		case p := <-out:
			res = append(res, p)
		case <-ctx.Done():
			return res
		}
	}
	return res
}

func (q *query) followUp(ctx context.Context, peers []peerID) []peerID {
	select {
	case <-ctx.Done():
		return nil
	default:
		return peers
	}
}
