package timesync

import (
	"log"
	"sync"
	"time"
)

// LayerID is the number of a layer.
type LayerID uint64

// LayerTimer is the channel a subscriber receives layer ticks on.
type LayerTimer chan LayerID

// Clock gives the current time.
type Clock interface {
	Now() time.Time
}

// RealClock is the system clock.
type RealClock struct{}

// Now returns the local time.
func (RealClock) Now() time.Time { return time.Now() }

// Ticker notifies its subscribers at the start of every layer.
type Ticker struct {
	time         Clock
	tickInterval time.Duration
	startEpoch   time.Time
	currentLayer LayerID

	m           sync.Mutex
	subscribers map[LayerTimer]struct{}

	stop chan struct{}
	once sync.Once
}

// NewTicker returns a ticker for layers of tickInterval starting at startEpoch.
func NewTicker(c Clock, tickInterval time.Duration, startEpoch time.Time) *Ticker {
	return &Ticker{
		time:         c,
		tickInterval: tickInterval,
		startEpoch:   startEpoch,
		subscribers:  make(map[LayerTimer]struct{}),
		stop:         make(chan struct{}),
	}
}

// Start starts the clock goroutine, aligned on the next layer boundary.
func (t *Ticker) Start() {
	t.updateLayerID()
	since := t.time.Now().Sub(t.startEpoch)
	diff := t.tickInterval - since%t.tickInterval
	go t.startClock(diff)
}

// Close stops the clock.
func (t *Ticker) Close() {
	t.once.Do(func() {
		close(t.stop)
	})
}

// Subscribe returns a channel that receives every new layer.
func (t *Ticker) Subscribe() LayerTimer {
	ch := make(LayerTimer, 2)
	t.m.Lock()
	t.subscribers[ch] = struct{}{}
	t.m.Unlock()
	return ch
}

func (t *Ticker) updateLayerID() {
	since := t.time.Now().Sub(t.startEpoch)
	t.m.Lock()
	t.currentLayer = LayerID(since / t.tickInterval)
	t.m.Unlock()
}

func (t *Ticker) notifyOnTick() {
	t.m.Lock()
	defer t.m.Unlock()
	t.currentLayer++
	for ch := range t.subscribers {
		select {
		case ch <- t.currentLayer:
		default:
			log.Printf("missed tick of layer %d for a subscriber", t.currentLayer)
		}
	}
}

func (t *Ticker) startClock(diff time.Duration) {
	log.Printf("global clock waits %v for the next layer", diff)
	first := time.NewTimer(diff)
	select {
	case <-first.C:
	case <-t.stop:
		first.Stop()
		return
	}
	t.notifyOnTick()
	tick := time.NewTicker(t.tickInterval)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			t.notifyOnTick()
		case <-t.stop:
			return
		}
	}
}
