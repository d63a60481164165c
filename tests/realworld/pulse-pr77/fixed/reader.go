package streaming

import (
	"context"
	"errors"
	"log"
	"sync"
	"time"
)

const (
	nameKey    = "event"
	payloadKey = "payload"
	topicKey   = "topic"
)

// Reader reads the events of one or more streams and delivers them on C.
type Reader struct {
	// C delivers the events, it is closed once the reader has stopped.
	C <-chan *Event

	lock          sync.Mutex
	startID       string
	streams       []*Stream
	streamKeys    []string
	streamCursors []string
	blockDuration time.Duration
	maxPolled     int64
	c             chan *Event
	donechan      chan struct{}
	wait          sync.WaitGroup
	closeOnce     sync.Once
	closing       bool
	closed        bool
	rdb           Client
}

// Event is one event read from a stream.
type Event struct {
	ID         string
	StreamName string
	EventName  string
	Topic      string
	Payload    []byte
}

func newReader(stream *Stream, lastEventID string, bufferSize int) *Reader {
	c := make(chan *Event, bufferSize)
	r := &Reader{
		C:             c,
		startID:       lastEventID,
		streams:       []*Stream{stream},
		streamKeys:    []string{stream.key},
		streamCursors: []string{lastEventID},
		blockDuration: 5 * time.Second,
		maxPolled:     100,
		c:             c,
		donechan:      make(chan struct{}),
		rdb:           stream.rdb,
	}
	r.wait.Add(1)
	go r.read()
	return r
}

// AddStream makes the reader read stream too, from the reader's start ID.
func (r *Reader) AddStream(stream *Stream) {
	r.lock.Lock()
	defer r.lock.Unlock()
	for _, key := range r.streamKeys {
		if key == stream.key {
			return
		}
	}
	r.streams = append(r.streams, stream)
	r.streamKeys = append(r.streamKeys, stream.key)
	r.streamCursors = append(r.streamCursors, r.startID)
}

// Close stops the reader and closes C. It is safe to call it more than once;
// concurrent callers all return once the reader has stopped.
func (r *Reader) Close() {
	r.closeOnce.Do(func() {
		// Signal first, without the lock: the read loop may be parked on a
		// send to C while holding it.
		close(r.donechan)
		r.lock.Lock()
		r.closing = true
		r.lock.Unlock()
		r.wait.Wait()
		r.lock.Lock()
		defer r.lock.Unlock()
		r.closed = true
	})
}

// IsClosed reports whether Close has completed.
func (r *Reader) IsClosed() bool {
	r.lock.Lock()
	defer r.lock.Unlock()
	return r.closed
}

// read polls the streams and hands the events to the reader channel.
func (r *Reader) read() {
	ctx := context.Background()
	defer r.cleanup()
	for {
		streamsEvents, err := r.xread(ctx)
		if r.isClosing() {
			return
		}
		if err != nil {
			if !errors.Is(err, ErrNil) {
				log.Printf("failed to read events: %v", err)
				time.Sleep(100 * time.Millisecond)
			}
			continue
		}

		r.lock.Lock()
		for _, events := range streamsEvents {
			streamName := events.Stream[len(streamKeyPrefix):]
			if !streamEvents(streamName, events.Messages, r.c, r.donechan) {
				r.lock.Unlock()
				return
			}
			for i := range r.streamKeys {
				if r.streamKeys[i] == events.Stream {
					r.streamCursors[i] = events.Messages[len(events.Messages)-1].ID
					break
				}
			}
		}
		r.lock.Unlock()
	}
}

func (r *Reader) xread(ctx context.Context) ([]XStream, error) {
	r.lock.Lock()
	// copy, the slices change under the lock while the read blocks
	readStreams := make([]string, 0, 2*len(r.streamKeys))
	readStreams = append(readStreams, r.streamKeys...)
	readStreams = append(readStreams, r.streamCursors...)
	r.lock.Unlock()
	return r.rdb.XRead(ctx, readStreams, r.maxPolled, r.blockDuration)
}

// cleanup closes the reader channel once the read loop exits.
func (r *Reader) cleanup() {
	r.lock.Lock()
	defer r.lock.Unlock()
	close(r.c)
	r.wait.Done()
}

func (r *Reader) isClosing() bool {
	r.lock.Lock()
	defer r.lock.Unlock()
	return r.closing
}

// streamEvents turns the Redis messages into events and sends them on c.
// The caller holds the reader lock. It gives up and returns false when done
// is closed before an event could be delivered.
func streamEvents(streamName string, msgs []XMessage, c chan *Event, done <-chan struct{}) bool {
	for _, msg := range msgs {
		topic, _ := msg.Values[topicKey].(string)
		name, _ := msg.Values[nameKey].(string)
		payload, _ := msg.Values[payloadKey].(string)
		ev := &Event{
			ID:         msg.ID,
			StreamName: streamName,
			EventName:  name,
			Topic:      topic,
			Payload:    []byte(payload),
		}
		select {
		case c <- ev:
		case <-done:
			return false
		}
	}
	return true
}
