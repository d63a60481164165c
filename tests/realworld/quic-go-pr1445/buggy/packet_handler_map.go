package quic

import (
	"net"
	"sync"
)

// connectionID identifies a QUIC connection.
type connectionID []byte

// packetHandler handles the packets of one session.
type packetHandler interface {
	handlePacket(remote net.Addr, data []byte)
	closeSession(err error)
}

// packetHandlerManager maps connection IDs to their sessions.
type packetHandlerManager interface {
	Add(connectionID, packetHandler)
	Get(connectionID) (packetHandler, bool)
	Close(error)
}

// packetHandlerMap is safe for concurrent use.
type packetHandlerMap struct {
	mutex    sync.RWMutex
	handlers map[string]packetHandler
}

func newPacketHandlerMap() packetHandlerManager {
	return &packetHandlerMap{handlers: make(map[string]packetHandler)}
}

func (h *packetHandlerMap) Add(id connectionID, handler packetHandler) {
	h.mutex.Lock()
	h.handlers[string(id)] = handler
	h.mutex.Unlock()
}

func (h *packetHandlerMap) Get(id connectionID) (packetHandler, bool) {
	h.mutex.RLock()
	defer h.mutex.RUnlock()
	handler, ok := h.handlers[string(id)]
	return handler, ok
}

func (h *packetHandlerMap) Close(err error) {
	h.mutex.Lock()
	defer h.mutex.Unlock()
	for id, handler := range h.handlers {
		if handler != nil {
			handler.closeSession(err)
		}
		delete(h.handlers, id)
	}
}
