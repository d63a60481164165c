package ipnlocal

import (
	"log"
	"sync"
)

// EngineStatus is the backend's digest of the last engine status.
type EngineStatus struct {
	NumLive int
}

// LocalBackend is the glue between the engine and the frontends.
type LocalBackend struct {
	e Engine

	mu           sync.Mutex // guards the fields below
	engineStatus EngineStatus
	endpoints    []string

	// statusChanged is broadcast each time the engine posts a status.
	statusLock    sync.Mutex
	statusChanged *sync.Cond
}

// NewLocalBackend wires the backend to the engine's status callback.
func NewLocalBackend(e Engine) *LocalBackend {
	b := &LocalBackend{e: e}
	b.statusChanged = sync.NewCond(&b.statusLock)
	e.SetStatusCallback(b.setWgengineStatus)
	return b
}

// setWgengineStatus is the callback the engine calls whenever it posts a
// new status.
func (b *LocalBackend) setWgengineStatus(s *Status, err error) {
	if err != nil {
		log.Printf("wgengine status error: %v", err)
		b.broadcastStatusChanged()
		return
	}
	if s == nil {
		log.Printf("[unexpected] non-error wgengine update with status=nil")
		b.broadcastStatusChanged()
		return
	}

	b.mu.Lock()
	b.engineStatus = EngineStatus{NumLive: s.NumPeers}
	b.endpoints = append([]string(nil), s.LocalAddrs...)
	b.mu.Unlock()

	b.broadcastStatusChanged()
}

// broadcastStatusChanged wakes the waiters of statusChanged. Broadcast is
// done with statusLock held: otherwise it can run before the waiter in
// requestEngineStatusAndWait has started to wait, and that waiter would
// then sleep forever.
func (b *LocalBackend) broadcastStatusChanged() {
	b.statusLock.Lock()
	b.statusChanged.Broadcast()
	b.statusLock.Unlock()
}

// requestEngineStatusAndWait asks the engine for its status and does not
// return until that status was delivered to setWgengineStatus.
func (b *LocalBackend) requestEngineStatusAndWait() {
	b.statusLock.Lock()
	go b.e.RequestStatus()
	b.statusChanged.Wait() // releases statusLock while waiting
	b.statusLock.Unlock()
}

// stopEngineAndWait drops every peer from the engine and waits until the
// engine has reported the new, empty state.
func (b *LocalBackend) stopEngineAndWait() error {
	if err := b.e.Reconfig(0); err != nil {
		return err
	}
	b.requestEngineStatusAndWait()
	return nil
}

// Logout tears the connection down.
func (b *LocalBackend) Logout() error {
	return b.stopEngineAndWait()
}
