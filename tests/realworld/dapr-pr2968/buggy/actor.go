package actors

import (
	"errors"
	"log"
	"sync"
	"sync/atomic"
	"time"
)

// ErrActorDisposed is returned when the runtime tries to lock a disposed actor.
var ErrActorDisposed = errors.New("actor is already disposed")

// actor is one activated actor and keeps its turn-based concurrency.
type actor struct {
	actorType string
	actorID   string

	// concurrencyLock gives the actor one call at a time.
	concurrencyLock *sync.Mutex
	// pendingActorCalls counts the calls waiting for or holding the lock.
	pendingActorCalls atomic.Int32

	lastUsedTime time.Time

	// disposed is true once the actor has been drained.
	disposed bool
	// disposeCh is closed when the last pending call finishes while the
	// runtime drains the actor.
	disposeCh chan struct{}

	once sync.Once
}

func newActor(actorType, actorID string) *actor {
	return &actor{
		actorType:       actorType,
		actorID:         actorID,
		concurrencyLock: &sync.Mutex{},
		lastUsedTime:    time.Now().UTC(),
	}
}

// isBusy reports whether calls are still pending on the actor.
func (a *actor) isBusy() bool {
	return !a.disposed && a.pendingActorCalls.Load() > 0
}

// channel creates or returns the dispose channel used to drain the actor.
func (a *actor) channel() chan struct{} {
	a.once.Do(func() {
		a.disposeCh = make(chan struct{})
	})
	return a.disposeCh
}

// lock takes the turn-based concurrency lock.
func (a *actor) lock() error {
	a.pendingActorCalls.Add(1)
	a.concurrencyLock.Lock()
	if a.disposed {
		a.unlock()
		return ErrActorDisposed
	}
	a.lastUsedTime = time.Now().UTC()
	return nil
}

// unlock releases the turn-based concurrency lock. If the runtime is
// draining the actor, the last call out closes disposeCh.
func (a *actor) unlock() {
	pending := a.pendingActorCalls.Add(-1)
	if pending == 0 {
		if !a.disposed && a.disposeCh != nil {
			a.disposed = true
			close(a.disposeCh)
		}
	} else if pending < 0 {
		log.Print("BUGBUG: tried to unlock actor before locking actor.")
		return
	}

	a.concurrencyLock.Unlock()
}
