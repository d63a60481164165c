package router

import (
	"container/list"
	"context"
	"errors"
	"sync"
	"time"
)

// ErrNoInstanceToSelect is returned when no backend can take a connection.
var ErrNoInstanceToSelect = errors.New("no instances to route")

const (
	healthCheckInterval    = 3 * time.Second
	rebalanceInterval      = 10 * time.Millisecond
	rebalanceMaxScoreRatio = 1.1
)

type backendWrapper struct {
	status BackendStatus
	addr   string
	conns  int
}

// ScoreBasedRouter routes connections to the backend with the lowest score.
type ScoreBasedRouter struct {
	sync.Mutex
	observer   *BackendObserver
	cancelFunc context.CancelFunc
	// A list of *backendWrapper.
	backends *list.List
}

// NewScoreBasedRouter creates a ScoreBasedRouter and starts observing backends.
func NewScoreBasedRouter(fetcher BackendFetcher) *ScoreBasedRouter {
	router := &ScoreBasedRouter{
		backends: list.New(),
	}
	router.observer = StartBackendObserver(router, fetcher, healthCheckInterval)
	childCtx, cancelFunc := context.WithCancel(context.Background())
	router.cancelFunc = cancelFunc
	go router.rebalanceLoop(childCtx)
	return router
}

// Route picks a backend for a new connection.
func (router *ScoreBasedRouter) Route() (string, error) {
	router.Lock()
	defer router.Unlock()
	var best *backendWrapper
	for be := router.backends.Front(); be != nil; be = be.Next() {
		backend := be.Value.(*backendWrapper)
		if backend.status != StatusHealthy {
			continue
		}
		if best == nil || backend.conns < best.conns {
			best = backend
		}
	}
	if best == nil {
		return "", ErrNoInstanceToSelect
	}
	best.conns++
	return best.addr, nil
}

func (router *ScoreBasedRouter) lookupBackend(addr string) *list.Element {
	for be := router.backends.Front(); be != nil; be = be.Next() {
		if be.Value.(*backendWrapper).addr == addr {
			return be
		}
	}
	return nil
}

// OnBackendChanged implements BackendEventReceiver.
func (router *ScoreBasedRouter) OnBackendChanged(backends map[string]BackendStatus) {
	router.Lock()
	defer router.Unlock()
	for addr, status := range backends {
		be := router.lookupBackend(addr)
		if be == nil {
			router.backends.PushBack(&backendWrapper{status: status, addr: addr})
			continue
		}
		backend := be.Value.(*backendWrapper)
		backend.status = status
		if backend.status == StatusCannotConnect && backend.conns == 0 {
			router.backends.Remove(be)
		}
	}
}

func (router *ScoreBasedRouter) rebalanceLoop(ctx context.Context) {
	ticker := time.NewTicker(rebalanceInterval)
	defer ticker.Stop()
	for {
		router.rebalance()
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

func (router *ScoreBasedRouter) rebalance() {
	router.Lock()
	defer router.Unlock()
	var busiest, idlest *backendWrapper
	for be := router.backends.Front(); be != nil; be = be.Next() {
		backend := be.Value.(*backendWrapper)
		if backend.status != StatusHealthy {
			continue
		}
		if busiest == nil || backend.conns > busiest.conns {
			busiest = backend
		}
		if idlest == nil || backend.conns < idlest.conns {
			idlest = backend
		}
	}
	if busiest == nil || busiest == idlest {
		return
	}
	if float64(busiest.conns)/float64(idlest.conns+1) <= rebalanceMaxScoreRatio {
		return
	}
	// The connection itself is told to redirect; only the counts are kept here.
	busiest.conns--
	idlest.conns++
}

// Close stops the rebalance loop and the backend observer.
func (router *ScoreBasedRouter) Close() {
	if router.cancelFunc != nil {
		router.cancelFunc()
		router.cancelFunc = nil
	}
	if router.observer != nil {
		router.observer.Close()
		router.observer = nil
	}
}
