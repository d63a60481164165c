package groupbytraceprocessor

import (
	"log"
	"sync"
	"time"
)

// TraceID and Traces stand in for the collector's pdata types.
type TraceID [16]byte

type Traces struct {
	ID    TraceID
	Spans int
}

type eventType int

const (
	traceReceived eventType = iota
	traceExpired
	traceReleased
	traceRemoved
)

func (t eventType) String() string {
	switch t {
	case traceReceived:
		return "onTraceReceived"
	case traceExpired:
		return "onTraceExpired"
	case traceReleased:
		return "onTraceReleased"
	case traceRemoved:
		return "onTraceRemoved"
	}
	return "unknown"
}

type event struct {
	typ     eventType
	payload interface{}
}

// eventMachine serialises the processor's events on one goroutine; each
// callback is given at most eventTimeout to finish.
type eventMachine struct {
	events       chan event
	close        chan struct{}
	eventTimeout time.Duration

	onTraceReceived func(td Traces) error
	onTraceExpired  func(id TraceID) error
	onTraceReleased func(td []Traces) error
	onTraceRemoved  func(id TraceID) error
	onError         func(event)

	shutdownLock *sync.RWMutex
	closed       bool
}

func newEventMachine(bufferSize int) *eventMachine {
	return &eventMachine{
		events:       make(chan event, bufferSize),
		close:        make(chan struct{}),
		eventTimeout: time.Second,
		shutdownLock: &sync.RWMutex{},
	}
}

func (em *eventMachine) startInBackground() {
	go em.start()
}

func (em *eventMachine) start() {
	for {
		select {
		case e := <-em.events:
			em.handleEvent(e)
		case <-em.close:
			return
		}
	}
}

func (em *eventMachine) handleEvent(e event) {
	switch e.typ {
	case traceReceived:
		td, ok := e.payload.(Traces)
		if !ok || em.onTraceReceived == nil {
			em.callOnError(e)
			return
		}
		em.handleEventWithObservability(e.typ.String(), func() error {
			return em.onTraceReceived(td)
		})
	case traceExpired:
		id, ok := e.payload.(TraceID)
		if !ok || em.onTraceExpired == nil {
			em.callOnError(e)
			return
		}
		em.handleEventWithObservability(e.typ.String(), func() error {
			return em.onTraceExpired(id)
		})
	case traceReleased:
		tds, ok := e.payload.([]Traces)
		if !ok || em.onTraceReleased == nil {
			em.callOnError(e)
			return
		}
		em.handleEventWithObservability(e.typ.String(), func() error {
			return em.onTraceReleased(tds)
		})
	case traceRemoved:
		id, ok := e.payload.(TraceID)
		if !ok || em.onTraceRemoved == nil {
			em.callOnError(e)
			return
		}
		em.handleEventWithObservability(e.typ.String(), func() error {
			return em.onTraceRemoved(id)
		})
	default:
		em.callOnError(e)
	}
}

func (em *eventMachine) fire(events ...event) {
	em.shutdownLock.RLock()
	defer em.shutdownLock.RUnlock()
	if em.closed {
		return
	}
	for _, e := range events {
		em.events <- e
	}
}

func (em *eventMachine) shutdown() {
	em.shutdownLock.Lock()
	em.closed = true
	em.shutdownLock.Unlock()
	close(em.close)
}

func (em *eventMachine) callOnError(e event) {
	if em.onError != nil {
		em.onError(e)
	}
}

// handleEventWithObservability runs one callback under the event timeout and
// records how long it took.
func (em *eventMachine) handleEventWithObservability(name string, do func() error) {
	start := time.Now()
	succeeded, err := doWithTimeout(em.eventTimeout, do)
	took := time.Since(start)
	if err != nil {
		log.Printf("failed to process event %s: %v", name, err)
	}
	if succeeded {
		log.Printf("event %s finished in %s", name, took)
	} else {
		log.Printf("event %s aborted after %s", name, took)
	}
}

// doWithTimeout runs do and reports whether it returned before the timeout;
// an error returned in time still counts as having finished.
func doWithTimeout(timeout time.Duration, do func() error) (bool, error) {
	done := make(chan error, 1)
	go func() {
		done <- do()
	}()

	select {
	case <-time.After(timeout):
		return false, nil
	case err := <-done:
		return true, err
	}
}
