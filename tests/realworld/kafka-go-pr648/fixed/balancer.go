package kafka

import (
	"sort"
	"sync"
)

// Balancer picks the partition a message is sent to. A Writer shares one
// Balancer between all the goroutines that call WriteMessages, so every
// implementation has to be safe for concurrent use.
type Balancer interface {
	Balance(msg Message, partitions ...int) (partition int)
}

// LeastBytes sends each message to the partition that has been given the
// fewest bytes so far.
type LeastBytes struct {
	mutex    sync.Mutex
	counters []leastBytesCounter
}

type leastBytesCounter struct {
	partition int
	bytes     uint64
}

// Balance implements Balancer.
func (lb *LeastBytes) Balance(msg Message, partitions ...int) int {
	lb.mutex.Lock()
	defer lb.mutex.Unlock()

	// the partition set changed: start counting again
	if len(partitions) != len(lb.counters) {
		lb.counters = lb.makeCounters(partitions...)
	}

	minBytes := lb.counters[0].bytes
	minIndex := 0
	for i, c := range lb.counters[1:] {
		if c.bytes < minBytes {
			minIndex = i + 1
			minBytes = c.bytes
		}
	}

	c := &lb.counters[minIndex]
	c.bytes += uint64(len(msg.Key)) + uint64(len(msg.Value))
	return c.partition
}

func (lb *LeastBytes) makeCounters(partitions ...int) []leastBytesCounter {
	counters := make([]leastBytesCounter, len(partitions))
	for i, p := range partitions {
		counters[i].partition = p
	}
	sort.Slice(counters, func(i, j int) bool {
		return counters[i].partition < counters[j].partition
	})
	return counters
}
