// Package frame stands in for github.com/go-stomp/stomp/frame: a STOMP frame
// with its command, header entries and body, and a reader and writer of frames.
package frame

import (
	"bufio"
	"errors"
	"io"
	"strings"
)

const (
	CONNECT    = "CONNECT"
	CONNECTED  = "CONNECTED"
	SEND       = "SEND"
	BEGIN      = "BEGIN"
	ACK        = "ACK"
	DISCONNECT = "DISCONNECT"
	RECEIPT    = "RECEIPT"
	ERROR      = "ERROR"
	MESSAGE    = "MESSAGE"

	Receipt      = "receipt"
	ReceiptId    = "receipt-id"
	Destination  = "destination"
	Transaction  = "transaction"
	Subscription = "subscription"
	Message      = "message"
	Id           = "id"
)

type Header struct {
	m map[string]string
}

func (h *Header) Contains(key string) (string, bool) {
	v, ok := h.m[key]
	return v, ok
}

func (h *Header) Set(key, value string) { h.m[key] = value }

type Frame struct {
	Command string
	Header  *Header
	Body    []byte
}

// New makes a frame with the given command and header key/value pairs.
func New(command string, kv ...string) *Frame {
	f := &Frame{Command: command, Header: &Header{m: map[string]string{}}}
	for i := 0; i+1 < len(kv); i += 2 {
		f.Header.Set(kv[i], kv[i+1])
	}
	return f
}

type Reader struct{ r *bufio.Reader }

func NewReader(r io.Reader) *Reader { return &Reader{r: bufio.NewReader(r)} }

// Read returns the next frame; a nil frame is a heart-beat.
func (r *Reader) Read() (*Frame, error) {
	line, err := r.r.ReadString('\n')
	if err != nil {
		return nil, err
	}
	line = strings.TrimSpace(line)
	if line == "" {
		return nil, nil
	}
	return New(line), nil
}

type Writer struct{ w io.Writer }

func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Write sends f, or a heart-beat when f is nil.
func (w *Writer) Write(f *Frame) error {
	if f == nil {
		_, err := io.WriteString(w.w, "\n")
		return err
	}
	if f.Command == "" {
		return errors.New("frame has no command")
	}
	_, err := io.WriteString(w.w, f.Command+"\n")
	return err
}
