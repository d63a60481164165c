package signaling

import (
	"log"
	"sync"
	"sync/atomic"
)

// ClientSession is the session of a client connected to the signaling server.
type ClientSession struct {
	hub        *Hub
	publicId   string
	userId     string
	backendUrl string

	mu sync.Mutex

	room          atomic.Pointer[Room]
	roomSessionId string
	publishers    map[string]string
}

func NewClientSession(hub *Hub, publicId, userId, backendUrl string) *ClientSession {
	return &ClientSession{
		hub:        hub,
		publicId:   publicId,
		userId:     userId,
		backendUrl: backendUrl,
		publishers: make(map[string]string),
	}
}

func (s *ClientSession) PublicId() string   { return s.publicId }
func (s *ClientSession) ClientType() string { return HelloClientTypeClient }
func (s *ClientSession) BackendUrl() string { return s.backendUrl }
func (s *ClientSession) AuthUserId() string { return s.userId }

// RoomSessionId returns the Nextcloud session id of the room the session is in.
func (s *ClientSession) RoomSessionId() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.roomSessionId
}

func (s *ClientSession) SetRoom(room *Room) {
	s.room.Store(room)
}

func (s *ClientSession) GetRoom() *Room {
	return s.room.Load()
}

// SubscribeRoomEvents registers the session for the events of roomid.
func (s *ClientSession) SubscribeRoomEvents(roomid string, roomSessionId string) {
	s.mu.Lock()
	defer s.mu.Unlock()

	s.hub.registerRoomListener(roomid, s)
	log.Printf("Session %s joined room %s with room session id %s", s.publicId, roomid, roomSessionId)
	s.roomSessionId = roomSessionId
}

// LeaveRoom takes the session out of its room, if any.
func (s *ClientSession) LeaveRoom(notify bool) *Room {
	s.mu.Lock()
	defer s.mu.Unlock()

	room := s.GetRoom()
	if room == nil {
		return nil
	}

	s.doUnsubscribeRoomEvents(notify)
	s.SetRoom(nil)
	s.releaseMcuObjects()
	room.RemoveSession(s)
	return room
}

// doUnsubscribeRoomEvents must be called with s.mu held.
func (s *ClientSession) doUnsubscribeRoomEvents(notify bool) {
	room := s.GetRoom()
	if room != nil {
		s.hub.unregisterRoomListener(room.Id(), s)
	}
	if notify && room != nil && s.roomSessionId != "" {
		go s.hub.notifyBackendLeave(room.Id(), s.userId, s.roomSessionId)
	}
	s.roomSessionId = ""
}

// releaseMcuObjects must be called with s.mu held.
func (s *ClientSession) releaseMcuObjects() {
	for id := range s.publishers {
		delete(s.publishers, id)
	}
}
