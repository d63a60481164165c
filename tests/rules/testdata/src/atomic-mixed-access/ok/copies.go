package ok

import (
	"sync"
	"sync/atomic"
)

type Tally struct {
	ok   int64
	fail int64
}

func (t *Tally) succeed() { atomic.AddInt64(&t.ok, 1) }

// The workers are done before the copy is made: nothing updates the counters any more.
func RunAll(jobs []func() bool) Tally {
	var t Tally
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Add(1)
		go func(j func() bool) {
			defer wg.Done()
			if j() {
				t.succeed()
			}
		}(j)
	}
	wg.Wait()
	return t
}

type Meter struct {
	tally Tally
}

// A fresh value, copied before anyone else can see it.
func NewMeter(seed Tally) *Meter {
	m := &Meter{}
	m.tally = seed
	return m
}

// Only its address is handed on; the copy is made by Snapshot-like code elsewhere, atomically.
func (m *Meter) Tally() *Tally {
	return &m.tally
}
