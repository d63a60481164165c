package ok

import "sync"

// shape: message handlers are installed through a wrapper that serialises them under the
// driver's lock; a handler that aborts writes the status the public Abort writes under the
// same lock
type handlerFunc func(from string, msg []byte)

type messenger struct {
	mu       sync.Mutex
	handlers map[string]handlerFunc
}

func (m *messenger) Install(name string, h handlerFunc) {
	m.mu.Lock()
	m.handlers[name] = h
	m.mu.Unlock()
}

func (m *messenger) Dispatch(name, from string, msg []byte) {
	m.mu.Lock()
	h := m.handlers[name]
	m.mu.Unlock()
	go h(from, msg)
}

type SchedulerDriver struct {
	eventLock sync.Mutex
	status    int
	messenger *messenger
}

func (d *SchedulerDriver) init() {
	guarded := func(h func(from string, msg []byte)) handlerFunc {
		return func(from string, msg []byte) {
			d.eventLock.Lock()
			defer d.eventLock.Unlock()
			h(from, msg)
		}
	}
	d.messenger.Install("error", guarded(d.frameworkErrorRcvd))
}

func (d *SchedulerDriver) frameworkErrorRcvd(from string, msg []byte) {
	d.abort(string(msg))
}

// abort records why the driver stopped.
func (d *SchedulerDriver) abort(reason string) {
	d.status = len(reason)
}

func (d *SchedulerDriver) Abort() {
	d.eventLock.Lock()
	defer d.eventLock.Unlock()
	d.abort("aborted")
}

func (d *SchedulerDriver) Status() int {
	d.eventLock.Lock()
	defer d.eventLock.Unlock()
	return d.status
}

func (d *SchedulerDriver) Start() {
	d.eventLock.Lock()
	defer d.eventLock.Unlock()
	d.init()
	d.status = 1
}
