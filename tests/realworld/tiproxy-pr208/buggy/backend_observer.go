package router

import (
	"context"
	"time"
)

// BackendStatus is the health of a backend.
type BackendStatus int

const (
	StatusHealthy BackendStatus = iota
	StatusCannotConnect
)

// BackendEventReceiver receives the backend status changes.
type BackendEventReceiver interface {
	// OnBackendChanged is called when the backend list changes.
	OnBackendChanged(backends map[string]BackendStatus)
}

// BackendFetcher returns the current backends and their health.
type BackendFetcher func(ctx context.Context) (map[string]BackendStatus, error)

// BackendObserver refreshes the backend list and notifies the receiver.
type BackendObserver struct {
	interval       time.Duration
	curBackendInfo map[string]BackendStatus
	fetcher        BackendFetcher
	eventReceiver  BackendEventReceiver
	wg             WaitGroup
	cancelFunc     context.CancelFunc
}

// StartBackendObserver creates a BackendObserver and starts watching.
func StartBackendObserver(eventReceiver BackendEventReceiver, fetcher BackendFetcher, interval time.Duration) *BackendObserver {
	bo := &BackendObserver{
		interval:       interval,
		curBackendInfo: make(map[string]BackendStatus),
		fetcher:        fetcher,
		eventReceiver:  eventReceiver,
	}
	bo.Start()
	return bo
}

// Start starts watching in a background goroutine.
func (bo *BackendObserver) Start() {
	childCtx, cancelFunc := context.WithCancel(context.Background())
	bo.cancelFunc = cancelFunc
	bo.wg.Run(func() {
		bo.observe(childCtx)
	})
}

func (bo *BackendObserver) observe(ctx context.Context) {
	bo.refreshBackends(ctx)
	ticker := time.NewTicker(bo.interval)
	defer ticker.Stop()
	for ctx.Err() == nil {
		select {
		case <-ticker.C:
		case <-ctx.Done():
			return
		}
		bo.refreshBackends(ctx)
	}
}

func (bo *BackendObserver) refreshBackends(ctx context.Context) {
	backendInfo, err := bo.fetcher(ctx)
	if err != nil {
		return
	}
	bo.notifyIfChanged(backendInfo)
}

func (bo *BackendObserver) notifyIfChanged(backendInfo map[string]BackendStatus) {
	updatedBackends := make(map[string]BackendStatus)
	for addr, lastStatus := range bo.curBackendInfo {
		if lastStatus == StatusHealthy {
			if newStatus, ok := backendInfo[addr]; !ok {
				updatedBackends[addr] = StatusCannotConnect
			} else if newStatus != StatusHealthy {
				updatedBackends[addr] = newStatus
			}
		}
	}
	for addr, newStatus := range backendInfo {
		if newStatus == StatusHealthy {
			if lastStatus, ok := bo.curBackendInfo[addr]; !ok || lastStatus != StatusHealthy {
				updatedBackends[addr] = newStatus
			}
		}
	}
	if len(updatedBackends) > 0 {
		bo.eventReceiver.OnBackendChanged(updatedBackends)
	}
	bo.curBackendInfo = backendInfo
}

// Close stops watching and waits for the observing goroutine to exit.
func (bo *BackendObserver) Close() {
	if bo.cancelFunc != nil {
		bo.cancelFunc()
	}
	bo.wg.Wait()
}
