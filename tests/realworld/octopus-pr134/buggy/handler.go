package adaptor

import (
	"sync"
	"time"
)

type DeviceHandler struct {
	mu     sync.Mutex
	name   string
	stop   chan struct{}
	status map[string]string
	read   func() (map[string]string, error)
}

func NewDeviceHandler(name string, read func() (map[string]string, error)) *DeviceHandler {
	h := &DeviceHandler{name: name, stop: make(chan struct{}), status: map[string]string{}, read: read}
	go h.sync(5 * time.Second)
	return h
}

func (h *DeviceHandler) sync(interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-h.stop:
			return
		case <-t.C:
			st, err := h.read()
			if err != nil {
				h.Disconnect()
				return
			}
			h.mu.Lock()
			h.status = st
			h.mu.Unlock()
		}
	}
}

func (h *DeviceHandler) Disconnect() {
	close(h.stop)
}

func (h *DeviceHandler) Shutdown() {
	close(h.stop)
}
