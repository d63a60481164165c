package signaling

import (
	"context"
	"log"
	"sync"
	"time"
)

// Hub keeps the rooms and routes the clients' requests to them.
type Hub struct {
	ru    sync.RWMutex
	rooms map[string]*Room

	listenersMu sync.Mutex
	listeners   map[string]map[*ClientSession]bool

	backendTimeout time.Duration
	sendPings      func(ctx context.Context, roomId, url string, entries []BackendPingEntry) error
}

func NewHub(sendPings func(ctx context.Context, roomId, url string, entries []BackendPingEntry) error) *Hub {
	return &Hub{
		rooms:          make(map[string]*Room),
		listeners:      make(map[string]map[*ClientSession]bool),
		backendTimeout: 10 * time.Second,
		sendPings:      sendPings,
	}
}

// processRoom handles a client's "room" message: an empty room id leaves the
// current room, any other joins that room. It runs on the client's read
// goroutine.
func (h *Hub) processRoom(session *ClientSession, roomId, roomSessionId string) {
	if roomId == "" {
		session.LeaveRoom(true)
		return
	}
	if room := session.GetRoom(); room != nil && room.Id() == roomId {
		return
	}
	session.LeaveRoom(false)

	h.ru.Lock()
	room, found := h.rooms[roomId]
	if !found {
		room = NewRoom(roomId, h)
		h.rooms[roomId] = room
	}
	h.ru.Unlock()

	session.SubscribeRoomEvents(roomId, roomSessionId)
	session.SetRoom(room)
	room.AddSession(session)
}

func (h *Hub) removeRoom(room *Room) {
	h.ru.Lock()
	defer h.ru.Unlock()
	if h.rooms[room.Id()] == room {
		delete(h.rooms, room.Id())
	}
}

func (h *Hub) registerRoomListener(roomId string, s *ClientSession) {
	h.listenersMu.Lock()
	defer h.listenersMu.Unlock()
	if h.listeners[roomId] == nil {
		h.listeners[roomId] = make(map[*ClientSession]bool)
	}
	h.listeners[roomId][s] = true
}

func (h *Hub) unregisterRoomListener(roomId string, s *ClientSession) {
	h.listenersMu.Lock()
	defer h.listenersMu.Unlock()
	delete(h.listeners[roomId], s)
}

func (h *Hub) notifyBackendLeave(roomId, userId, roomSessionId string) {
	log.Printf("Room session %s of user %s left room %s", roomSessionId, userId, roomId)
}
