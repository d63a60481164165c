package signaling

import (
	"context"
	"log"
	"sync"
	"time"
)

var updateActiveSessionsInterval = 10 * time.Second

// Room is a conversation sessions join.
type Room struct {
	id  string
	hub *Hub

	closeChan chan bool
	mu        *sync.RWMutex
	sessions  map[string]Session
}

// BackendPingEntry tells the backend that a session is still active.
type BackendPingEntry struct {
	SessionId string
	UserId    string
}

func NewRoom(roomId string, hub *Hub) *Room {
	room := &Room{
		id:        roomId,
		hub:       hub,
		closeChan: make(chan bool, 1),
		mu:        &sync.RWMutex{},
		sessions:  make(map[string]Session),
	}
	go room.run()
	return room
}

func (r *Room) Id() string {
	return r.id
}

// run reports the room's active sessions to the backend on every tick.
func (r *Room) run() {
	ticker := time.NewTicker(updateActiveSessionsInterval)
	defer ticker.Stop()
	for {
		select {
		case <-r.closeChan:
			return
		case <-ticker.C:
			r.publishActiveSessions()
		}
	}
}

func (r *Room) doClose() {
	select {
	case r.closeChan <- true:
	default:
	}
}

func (r *Room) AddSession(session Session) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sessions[session.PublicId()] = session
}

// RemoveSession returns true if there are still sessions in the room.
func (r *Room) RemoveSession(session Session) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, found := r.sessions[session.PublicId()]; !found {
		return true
	}

	delete(r.sessions, session.PublicId())
	if len(r.sessions) > 0 {
		return true
	}

	r.hub.removeRoom(r)
	r.doClose()
	return false
}

// publishActiveSessions pings the backends of the room's sessions with their
// Nextcloud session ids, so they are not expired.
func (r *Room) publishActiveSessions() (int, *sync.WaitGroup) {
	r.mu.RLock()
	defer r.mu.RUnlock()

	entries := make(map[string][]BackendPingEntry)
	for _, session := range r.sessions {
		u := session.BackendUrl()
		if u == "" {
			continue
		}

		var sid, uid string
		switch sess := session.(type) {
		case *ClientSession:
			// the Nextcloud session id and user id
			sid = sess.RoomSessionId()
			uid = sess.AuthUserId()
		case *VirtualSession:
			sid = sess.PublicId()
			uid = sess.UserId()
		default:
			continue
		}
		if sid == "" {
			continue
		}
		entries[u] = append(entries[u], BackendPingEntry{SessionId: sid, UserId: uid})
	}

	var wg sync.WaitGroup
	for u, e := range entries {
		wg.Add(1)
		go func(url string, entries []BackendPingEntry) {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), r.hub.backendTimeout)
			defer cancel()
			if err := r.hub.sendPings(ctx, r.id, url, entries); err != nil {
				log.Printf("Error pinging room %s for active entries %+v: %s", r.id, entries, err)
			}
		}(u, e)
	}
	return len(entries), &wg
}
