package cmd

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"
)

// Event is a stand-in for a Kubernetes event object.
type Event struct {
	Type              string
	Message           string
	CreationTimestamp time.Time
}

// WatchEvent is one notification of a watch.
type WatchEvent struct {
	Type   string
	Object interface{}
}

// WatchInterface is a stand-in for watch.Interface.
type WatchInterface interface {
	Stop()
	ResultChan() <-chan WatchEvent
}

// EventsInterface is the part of the core events client sparkctl uses.
type EventsInterface interface {
	Watch(ctx context.Context, fieldSelector string) (WatchInterface, error)
}

var errWatchClosed = errors.New("watch closed before UntilWithoutRetry timeout")
var errWaitTimeout = errors.New("timed out waiting for the condition")

// untilWithoutRetry reads events from the watcher until the condition is
// met, the watch is closed, or ctx is done.
func untilWithoutRetry(ctx context.Context, watcher WatchInterface, condition func(WatchEvent) (bool, error)) (*WatchEvent, error) {
	ch := watcher.ResultChan()
	defer watcher.Stop()
	var lastEvent *WatchEvent
	for {
		select {
		case event, ok := <-ch:
			if !ok {
				return lastEvent, errWatchClosed
			}
			lastEvent = &event
			done, err := condition(event)
			if err != nil {
				return lastEvent, err
			}
			if done {
				return lastEvent, nil
			}
		case <-ctx.Done():
			return lastEvent, errWaitTimeout
		}
	}
}

// interruptHandler is a stand-in for the kubernetes interrupt helper: while
// Run executes fn, SIGINT or SIGTERM calls the notify functions.
type interruptHandler struct {
	notify []func()
	once   sync.Once
}

func newInterruptHandler(notify ...func()) *interruptHandler {
	return &interruptHandler{notify: notify}
}

func (h *interruptHandler) close() {
	h.once.Do(func() {
		for _, fn := range h.notify {
			fn()
		}
	})
}

// Run calls fn, stopping the notify functions on an interrupt.
func (h *interruptHandler) Run(fn func() error) error {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	defer func() {
		signal.Stop(ch)
		close(ch)
	}()
	go func() {
		if _, ok := <-ch; ok {
			h.close()
		}
	}()
	defer h.close()
	return fn()
}
