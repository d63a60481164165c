package jsonrpc2

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
)

// ErrClosed is returned when using a closed Conn.
var ErrClosed = errors.New("jsonrpc2: connection is closed")

// ID is a request ID.
type ID struct {
	Num uint64
}

func (id ID) String() string { return strconv.FormatUint(id.Num, 10) }

// Request is a JSON-RPC request.
type Request struct {
	Method string
	ID     ID
	Notif  bool
}

// Response is a JSON-RPC response.
type Response struct {
	ID     ID
	Result *json.RawMessage
	Error  *Error
}

// Error is a JSON-RPC error object.
type Error struct {
	Code    int64
	Message string
}

func (e *Error) Error() string { return e.Message }

// Handler handles requests coming from the peer.
type Handler interface {
	Handle(ctx context.Context, conn *Conn, req *Request)
}

// ObjectStream reads and writes whole JSON-RPC messages.
type ObjectStream interface {
	WriteObject(obj interface{}) error
	ReadObject(v interface{}) error
	Close() error
}

// Logger is what Conn logs through.
type Logger interface {
	Printf(format string, v ...interface{})
}

// anyMessage holds either a request or a response.
type anyMessage struct {
	request  *Request
	response *Response
}
