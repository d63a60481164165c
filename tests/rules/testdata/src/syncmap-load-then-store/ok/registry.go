package ok

import (
	"errors"
	"sync"
)

// MetricRegistry holds metrics by name.
// External synchronization is required if you want to add metrics to the same registry from
// multiple goroutines.
type MetricRegistry struct {
	metrics sync.Map
}

type metric struct{ kind string }

// shape: a registry whose documentation leaves concurrent adds to its callers
func (r *MetricRegistry) add(name, kind string) (*metric, error) {
	if v, ok := r.metrics.Load(name); ok {
		if m := v.(*metric); m.kind != kind {
			return nil, errors.New("a metric of another kind has this name")
		}
	}
	m := &metric{kind: kind}
	r.metrics.Store(name, m)
	return m, nil
}

func (r *MetricRegistry) AddGauge(name string) (*metric, error) { return r.add(name, "gauge") }
