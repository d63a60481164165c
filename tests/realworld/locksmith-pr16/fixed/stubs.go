package main

import "errors"

// Status stands in for updateengine.Status: what update_engine reports.
type Status struct {
	CurrentOperation string
}

const UpdateStatusUpdatedNeedReboot = "UPDATE_STATUS_UPDATED_NEED_REBOOT"

// updateEngine stands in for the D-Bus client of update_engine; signals
// carries the StatusUpdate signals the bus delivers.
type updateEngine struct {
	signals chan Status
	status  Status
}

func newUpdateEngine() *updateEngine {
	return &updateEngine{signals: make(chan Status, 10)}
}

// RebootNeededSignal forwards to rcvr every status that asks for a reboot.
func (e *updateEngine) RebootNeededSignal(rcvr chan Status) {
	for s := range e.signals {
		if s.CurrentOperation == UpdateStatusUpdatedNeedReboot {
			rcvr <- s
		}
	}
}

func (e *updateEngine) GetStatus() (Status, error) {
	return e.status, nil
}

// login stands in for the login1 D-Bus client.
type login struct{}

func (l *login) Reboot(interactive bool) {}

var (
	ErrExist    = errors.New("lock already held")
	ErrNotExist = errors.New("lock not held")
)

// Lock stands in for the etcd-backed reboot semaphore of package lock.
type Lock struct {
	id     string
	holder string
}

func (l *Lock) Lock() error {
	if l.holder == l.id {
		return ErrExist
	}
	l.holder = l.id
	return nil
}

func (l *Lock) Unlock() error {
	if l.holder != l.id {
		return ErrNotExist
	}
	l.holder = ""
	return nil
}

func setupLock() (*Lock, error) {
	return &Lock{id: "machine-id"}, nil
}
