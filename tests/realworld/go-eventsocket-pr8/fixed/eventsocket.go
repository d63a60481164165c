package eventsocket

import (
	"bufio"
	"net"
	"net/textproto"
)

type Event struct {
	Header map[string][]string
	Body   string
}

type Connection struct {
	conn   net.Conn
	reader *bufio.Reader
	textreader *textproto.Reader
	evt    chan *Event
	err    chan error
}

func newConnection(c net.Conn) *Connection {
	h := &Connection{
		conn:   c,
		reader: bufio.NewReaderSize(c, 16*1024),
		evt:    make(chan *Event),
		err:    make(chan error, 1),
	}
	h.textreader = textproto.NewReader(h.reader)
	return h
}

func Dial(addr string) (*Connection, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	h := newConnection(c)
	go h.readLoop()
	return h, nil
}

func (h *Connection) readLoop() {
	for {
		hdr, err := h.textreader.ReadMIMEHeader()
		if err != nil {
			h.err <- err
			return
		}
		h.evt <- &Event{Header: hdr}
	}
}

func (h *Connection) ReadEvent() (*Event, error) {
	select {
	case err := <-h.err:
		return nil, err
	case ev := <-h.evt:
		return ev, nil
	}
}

func (h *Connection) Close() { h.conn.Close() }
