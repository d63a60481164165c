package centrifuge

import (
	"sync"
	"time"

	"example.com/centrifuge-pr552/internal/queue"
)

const defaultMaxMessagesInFrame = 16

type writerConfig struct {
	WriteManyFn func(...queue.Item) error
	WriteFn     func(item queue.Item) error
}

// writer owns a connection's outgoing queue; mu serialises the writes of its
// goroutine with close.
type writer struct {
	mu       sync.Mutex
	config   writerConfig
	messages *queue.Queue
	closed   bool
	closeCh  chan struct{}
}

func newWriter(config writerConfig, queueInitialCap int) *writer {
	if queueInitialCap == 0 {
		queueInitialCap = 2
	}
	return &writer{
		config:   config,
		messages: queue.New(queueInitialCap),
		closeCh:  make(chan struct{}),
	}
}

func (w *writer) waitSendMessage(maxMessagesInFrame int, writeDelay time.Duration) bool {
	if !w.messages.Wait() {
		return false
	}

	if writeDelay > 0 {
		tm := time.NewTimer(writeDelay)
		select {
		case <-tm.C:
		case <-w.closeCh:
			tm.Stop()
			return false
		}
	}

	w.mu.Lock()

	bufSize := maxMessagesInFrame
	if bufSize == -1 {
		bufSize = w.messages.Len()
		if bufSize == 0 {
			bufSize = defaultMaxMessagesInFrame
		}
	}
	buf := make([]queue.Item, bufSize)

	n, ok := w.messages.RemoveManyInto(buf, maxMessagesInFrame)
	if !ok {
		w.mu.Unlock()
		return !w.messages.Closed()
	}

	items := buf[:n]
	var writeErr error
	if n == 1 {
		writeErr = w.config.WriteFn(items[0])
	} else {
		writeErr = w.config.WriteManyFn(items...)
	}
	w.mu.Unlock()

	return writeErr == nil
}

// run is the connection's writer goroutine; it ends when the queue is closed
// or a write fails.
func (w *writer) run(writeDelay time.Duration, maxMessagesInFrame int) {
	if maxMessagesInFrame == 0 {
		maxMessagesInFrame = defaultMaxMessagesInFrame
	}
	for {
		if ok := w.waitSendMessage(maxMessagesInFrame, writeDelay); !ok {
			return
		}
	}
}

func (w *writer) enqueue(item queue.Item) bool {
	return w.messages.Add(item)
}

func (w *writer) close(flushRemaining bool) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return nil
	}
	w.closed = true

	if flushRemaining {
		remaining := w.messages.CloseRemaining()
		if len(remaining) > 0 {
			_ = w.config.WriteManyFn(remaining...)
		}
	} else {
		w.messages.Close()
	}
	close(w.closeCh)
	return nil
}
