package statsd

import (
	"strings"
	"sync"
	"time"
)

type countMetric struct {
	name  string
	tags  []string
	value int64
}

// aggregator folds counts client-side and hands them to the client once per
// flush interval.
type aggregator struct {
	countsM sync.Mutex
	counts  map[string]*countMetric

	closed chan struct{}
	client *Client
}

func newAggregator(c *Client) *aggregator {
	return &aggregator{
		client: c,
		counts: map[string]*countMetric{},
		closed: make(chan struct{}),
	}
}

// start launches the flush loop; stop ends it.
func (a *aggregator) start(flushInterval time.Duration) {
	ticker := time.NewTicker(flushInterval)

	go func() {
		for {
			select {
			case <-ticker.C:
				a.flush()
			case <-a.closed:
				return
			}
		}
	}()
}

func (a *aggregator) stop() {
	a.closed <- struct{}{}
}

func (a *aggregator) count(name string, value int64, tags []string) {
	key := name + "|" + strings.Join(tags, ",")
	a.countsM.Lock()
	defer a.countsM.Unlock()
	if m, ok := a.counts[key]; ok {
		m.value += value
		return
	}
	a.counts[key] = &countMetric{name: name, tags: tags, value: value}
}

func (a *aggregator) flush() {
	a.countsM.Lock()
	counts := a.counts
	a.counts = map[string]*countMetric{}
	a.countsM.Unlock()

	for _, m := range counts {
		a.client.send(m)
	}
}
