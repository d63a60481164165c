package serf

import (
	"math"
	"sync"
)

// Broadcast is a message queued for gossip.
type Broadcast interface {
	Message() []byte
}

type limitedBroadcast struct {
	transmits int
	b         Broadcast
}

// TransmitLimitedQueue is a stand-in for memberlist.TransmitLimitedQueue: it
// retransmits each broadcast a number of times that grows with the cluster
// size, which it learns by calling NumNodes from the gossip goroutine.
type TransmitLimitedQueue struct {
	// NumNodes returns the number of nodes in the cluster.
	NumNodes func() int

	// RetransmitMult is the multiplier for the number of retransmissions.
	RetransmitMult int

	mu      sync.Mutex
	bcQueue []*limitedBroadcast
}

// QueueBroadcast enqueues a broadcast.
func (q *TransmitLimitedQueue) QueueBroadcast(b Broadcast) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.bcQueue = append(q.bcQueue, &limitedBroadcast{b: b})
}

// GetBroadcasts returns the messages that fit in limit bytes.
func (q *TransmitLimitedQueue) GetBroadcasts(overhead, limit int) [][]byte {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.bcQueue) == 0 {
		return nil
	}

	transmitLimit := retransmitLimit(q.RetransmitMult, q.NumNodes())
	var out [][]byte
	used := 0
	kept := q.bcQueue[:0]
	for _, b := range q.bcQueue {
		msg := b.b.Message()
		if used+overhead+len(msg) > limit {
			kept = append(kept, b)
			continue
		}
		used += overhead + len(msg)
		out = append(out, msg)
		b.transmits++
		if b.transmits < transmitLimit {
			kept = append(kept, b)
		}
	}
	q.bcQueue = kept
	return out
}

func retransmitLimit(retransmitMult, n int) int {
	nodeScale := math.Ceil(math.Log10(float64(n + 1)))
	return retransmitMult * int(nodeScale)
}
