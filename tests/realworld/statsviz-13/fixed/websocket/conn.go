// Package websocket is a stand-in for the websocket package statsviz used:
// only the upgrade and the JSON write the handler needs.
package websocket

import (
	"bufio"
	"encoding/json"
	"errors"
	"net"
	"net/http"
)

type Upgrader struct {
	ReadBufferSize  int
	WriteBufferSize int
}

type Conn struct {
	nc net.Conn
	bw *bufio.Writer
}

func (u *Upgrader) Upgrade(w http.ResponseWriter, r *http.Request, h http.Header) (*Conn, error) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		return nil, errors.New("websocket: response does not implement http.Hijacker")
	}
	nc, rw, err := hj.Hijack()
	if err != nil {
		return nil, err
	}
	return &Conn{nc: nc, bw: rw.Writer}, nil
}

func (c *Conn) WriteJSON(v interface{}) error {
	if err := json.NewEncoder(c.bw).Encode(v); err != nil {
		return err
	}
	return c.bw.Flush()
}

func (c *Conn) Close() error { return c.nc.Close() }
