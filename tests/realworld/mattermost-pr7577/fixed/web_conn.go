package app

import "net"

type WebConn struct {
	hub    *Hub
	conn   net.Conn
	UserId string
	send   chan string
}

func NewWebConn(hub *Hub, c net.Conn, userID string) *WebConn {
	return &WebConn{hub: hub, conn: c, UserId: userID, send: make(chan string, 256)}
}

func (wc *WebConn) Send(msg string) {
	select {
	case wc.send <- msg:
	default:
	}
}

func (wc *WebConn) Close() {
	wc.conn.Close()
	wc.hub.Unregister(wc)
}
