package streaming

import (
	"context"
	"errors"
	"time"
)

const streamKeyPrefix = "pulse:stream:"

// ErrNil is what the client returns when a blocking read times out empty.
var ErrNil = errors.New("redis: nil")

// XMessage is one entry of a Redis stream.
type XMessage struct {
	ID     string
	Values map[string]any
}

// XStream is the part of an XREAD reply for one stream.
type XStream struct {
	Stream   string
	Messages []XMessage
}

// Client is the part of the Redis client the streams use.
type Client interface {
	XRead(ctx context.Context, streams []string, count int64, block time.Duration) ([]XStream, error)
}

// Stream is a named Redis stream events are added to and read from.
type Stream struct {
	Name string
	key  string
	rdb  Client
}

// NewStream returns the stream with the given name.
func NewStream(name string, rdb Client) *Stream {
	return &Stream{Name: name, key: streamKeyPrefix + name, rdb: rdb}
}

// NewReader returns a reader that delivers the stream's events on its C
// channel, starting after lastEventID.
func (s *Stream) NewReader(lastEventID string, bufferSize int) *Reader {
	return newReader(s, lastEventID, bufferSize)
}

// WaitFor reads the stream until an event with the given name shows up, then
// closes the reader: the way most callers use a reader.
func WaitFor(s *Stream, name string) (*Event, error) {
	r := s.NewReader("$", 10)
	defer r.Close()
	for ev := range r.C {
		if ev.EventName == name {
			return ev, nil
		}
	}
	return nil, errors.New("reader stopped")
}
