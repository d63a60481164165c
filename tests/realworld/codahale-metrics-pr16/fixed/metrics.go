package metrics

import "sync"

var (
	counters = make(map[string]uint64)
	gauges   = make(map[string]func() int64)
	histograms = make(map[string]int64)
	cm sync.Mutex
	gm sync.Mutex
	hm sync.Mutex
)

func Gauge(name string, f func() int64) {
	hm.Lock()
	defer hm.Unlock()
	gm.Lock()
	defer gm.Unlock()
	gauges[name] = f
	delete(histograms, name)
}

func Counter(name string) {
	cm.Lock()
	defer cm.Unlock()
	counters[name]++
}

func Snapshot() (c map[string]uint64, g map[string]int64) {
	hm.Lock()
	defer hm.Unlock()
	gm.Lock()
	defer gm.Unlock()
	cm.Lock()
	defer cm.Unlock()
	c = make(map[string]uint64, len(counters))
	for n, v := range counters {
		c[n] = v
	}
	g = make(map[string]int64, len(gauges)+len(histograms))
	for n, f := range gauges {
		g[n] = f()
	}
	for n, v := range histograms {
		g[n] = v
	}
	return c, g
}
