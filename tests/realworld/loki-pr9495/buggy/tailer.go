package file

import (
	"errors"
	"sync"
	"time"
)

type tail struct {
	Lines chan string
	err   error
}

func (t *tail) Stop() error { return nil }

type tailer struct {
	tail      *tail
	path      string
	posdone   chan struct{}
	done      chan struct{}
	posquit   chan struct{}
	stopOnce  sync.Once
	positions map[string]int64
	mu        sync.Mutex
}

func newTailer(path string, t *tail) *tailer {
	tl := &tailer{
		tail:      t,
		path:      path,
		posdone:   make(chan struct{}),
		done:      make(chan struct{}),
		posquit:   make(chan struct{}),
		positions: map[string]int64{},
	}
	go tl.readLines()
	go tl.updatePosition()
	return tl
}

func (t *tailer) updatePosition() {
	ticker := time.NewTicker(10 * time.Second)
	defer func() {
		ticker.Stop()
		close(t.posdone)
	}()
	for {
		select {
		case <-ticker.C:
			t.mu.Lock()
			t.positions[t.path]++
			t.mu.Unlock()
		case <-t.posquit:
			return
		}
	}
}

var errTail = errors.New("tail error")

func (t *tailer) readLines() {
	defer func() {
		_ = t.tail.Stop()
		close(t.done)
	}()
	for line := range t.tail.Lines {
		if line == "" {
			return
		}
	}
}

func (t *tailer) Stop() {
	t.stopOnce.Do(func() {
		close(t.posquit)
		<-t.posdone
		_ = t.tail.Stop()
		<-t.done
	})
}
