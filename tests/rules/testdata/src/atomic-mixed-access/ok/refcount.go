package ok

import "sync/atomic"

// eventLog is shared by reference count and recycled when the last holder lets go.
type eventLog struct {
	refs   int32
	events []string
}

var freeLogs = make(chan *eventLog, 16)

// shape: a plain reset run only once the reference count dropped to zero
func (el *eventLog) reset() {
	el.refs = 0
	el.events = el.events[:0]
}

func (el *eventLog) ref() {
	atomic.AddInt32(&el.refs, 1)
}

func (el *eventLog) unref() {
	if atomic.AddInt32(&el.refs, -1) == 0 {
		recycle(el)
	}
}

func recycle(el *eventLog) {
	el.reset()
	select {
	case freeLogs <- el:
	default:
	}
}

// Share hands the log to a goroutine that drops its reference when done.
func Share(el *eventLog) {
	el.ref()
	go el.unref()
}
