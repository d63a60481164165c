package leadercast

import (
	"context"
	"log"
	"time"
)

// ResolveSlot resolves every duty of a slot at once, each in its own
// goroutine with the slot's deadline, as the scheduler does: the duties this
// node does not lead all wait on the leader cast at the same time.
func ResolveSlot(lc *LeaderCast, duties []Duty, slotDuration time.Duration) map[Duty][]byte {
	ctx, cancel := context.WithTimeout(context.Background(), slotDuration)
	defer cancel()

	type result struct {
		duty Duty
		data []byte
	}
	results := make(chan result, len(duties))

	for _, d := range duties {
		go func(d Duty) {
			data, err := lc.ResolveDuty(ctx, d, []byte(d.String()))
			if err != nil {
				log.Printf("resolve duty %v: %v", d, err)
			}
			results <- result{duty: d, data: data}
		}(d)
	}

	resolved := make(map[Duty][]byte)
	for range duties {
		r := <-results
		if r.data != nil {
			resolved[r.duty] = r.data
		}
	}

	return resolved
}

// RunNode starts the leader cast of one node of the cluster.
func RunNode(newTransport func() Transport, index, total int) *LeaderCast {
	lc := NewLeaderCast(newTransport(), index, total)
	go func() {
		if err := lc.Start(); err != nil {
			log.Printf("leader cast: %v", err)
		}
	}()

	return lc
}
