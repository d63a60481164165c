package httpserver

import (
	"sync"
	"time"
)

type RetrievalEvent struct {
	Provider string
	Phase    string
	At       time.Time
}

type timingCollector struct {
	lk      sync.RWMutex
	start   time.Time
	metrics map[string][]time.Duration
}

func newTimingCollector() *timingCollector {
	return &timingCollector{start: time.Now(), metrics: make(map[string][]time.Duration)}
}

// subscriber is called from each provider's retrieval goroutine.
func (t *timingCollector) subscriber(evt RetrievalEvent) {
	t.lk.Lock()
	defer t.lk.Unlock()
	key := evt.Provider + "/" + evt.Phase
	t.metrics[key] = append(t.metrics[key], evt.At.Sub(t.start))
}

func (t *timingCollector) header() string {
	t.lk.RLock()
	defer t.lk.RUnlock()
	out := ""
	for k, ds := range t.metrics {
		out += k + ";dur=" + ds[len(ds)-1].String() + ", "
	}
	return out
}

func retrieve(providers []string, t *timingCollector) {
	var wg sync.WaitGroup
	for _, p := range providers {
		wg.Add(1)
		go func(p string) {
			defer wg.Done()
			t.subscriber(RetrievalEvent{Provider: p, Phase: "connected", At: time.Now()})
			t.subscriber(RetrievalEvent{Provider: p, Phase: "first-byte", At: time.Now()})
		}(p)
	}
	wg.Wait()
}
