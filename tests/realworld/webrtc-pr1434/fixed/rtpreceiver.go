package webrtc

import (
	"errors"
	"sync"
)

// RTPCodecType is audio or video.
type RTPCodecType int

const (
	RTPCodecTypeAudio RTPCodecType = iota + 1
	RTPCodecTypeVideo
)

var (
	errReceiverClosed = errors.New("rtp receiver closed before the first packet")
	errShortPacket    = errors.New("packet too short for an RTP header")
	errAlreadyStarted = errors.New("Receive has already been called")
)

// Track is a remote media track fed by an RTPReceiver.
type Track struct {
	mu sync.RWMutex

	id          string
	label       string
	ssrc        uint32
	payloadType uint8
	kind        RTPCodecType
	codec       *Codec

	packets <-chan []byte
}

// determinePayloadType blocks until the first packet of the track arrives and
// takes the payload type from its header.
func (t *Track) determinePayloadType() error {
	pkt, ok := <-t.packets
	if !ok {
		return errReceiverClosed
	}
	if len(pkt) < 2 {
		return errShortPacket
	}
	t.mu.Lock()
	t.payloadType = pkt[1] & 0x7f
	t.mu.Unlock()
	return nil
}

// PayloadType returns the payload type seen on the wire.
func (t *Track) PayloadType() uint8 {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.payloadType
}

// SSRC returns the synchronization source of the track.
func (t *Track) SSRC() uint32 {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.ssrc
}

// RTPReceiver receives one remote track.
type RTPReceiver struct {
	mu       sync.RWMutex
	kind     RTPCodecType
	track    *Track
	received bool

	source func(ssrc uint32) <-chan []byte
}

// NewRTPReceiver returns a receiver that reads its packets from source.
func NewRTPReceiver(kind RTPCodecType, source func(ssrc uint32) <-chan []byte) *RTPReceiver {
	return &RTPReceiver{kind: kind, source: source}
}

// Receive binds the receiver to an incoming SSRC.
func (r *RTPReceiver) Receive(ssrc uint32) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.received {
		return errAlreadyStarted
	}
	r.received = true
	r.track = &Track{ssrc: ssrc, kind: r.kind, packets: r.source(ssrc)}
	return nil
}

// Track returns the track of the receiver.
func (r *RTPReceiver) Track() *Track {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.track
}

func (r *RTPReceiver) haveReceived() bool {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.received
}

// RTPTransceiver pairs a receiver with its media section.
type RTPTransceiver struct {
	mid      string
	kind     RTPCodecType
	receiver *RTPReceiver
}

// Mid returns the media id of the transceiver.
func (t *RTPTransceiver) Mid() string { return t.mid }

// Receiver returns the receiver of the transceiver.
func (t *RTPTransceiver) Receiver() *RTPReceiver { return t.receiver }

// Codec is a negotiated codec.
type Codec struct {
	Type        RTPCodecType
	Name        string
	PayloadType uint8
}

// MediaEngine holds the negotiated codecs.
type MediaEngine struct {
	codecs []*Codec
}

func (m *MediaEngine) getCodec(payloadType uint8) (*Codec, error) {
	for _, c := range m.codecs {
		if c.PayloadType == payloadType {
			return c, nil
		}
	}
	return nil, errors.New("codec not found")
}
