package follower

import (
	"errors"
	"os"
)

type Event int

const (
	Write Event = iota
	Remove
)

type watcher struct {
	Events chan Event
	Errors chan error
}

type Follower struct {
	file    *os.File
	watcher *watcher
	lines   chan string
}

var errRotated = errors.New("file rotated")

func New(f *os.File, w *watcher) *Follower {
	t := &Follower{file: f, watcher: w, lines: make(chan string)}
	eventChan := make(chan Event)
	errChan := make(chan error)
	go t.watchFileEvents(eventChan, errChan)
	go t.follow(eventChan, errChan)
	return t
}

func (t *Follower) watchFileEvents(eventChan chan Event, errChan chan error) {
	for {
		select {
		case evt, ok := <-t.watcher.Events:
			if !ok {
				return
			}
			eventChan <- evt
		case err, ok := <-t.watcher.Errors:
			if !ok {
				return
			}
			errChan <- err
			return
		}
	}
}

func (t *Follower) follow(eventChan chan Event, errChan chan error) {
	defer close(t.lines)
	for {
		select {
		case evt := <-eventChan:
			if evt == Remove {
				return
			}
			t.lines <- "line"
		case <-errChan:
			return
		}
	}
}
