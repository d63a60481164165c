package webrtc

import (
	"log"
	"sync"
)

// trackDetails is what the remote description says about an incoming track.
type trackDetails struct {
	mid   string
	kind  RTPCodecType
	ssrc  uint32
	id    string
	label string
}

// PeerConnection is a connection to a remote peer.
type PeerConnection struct {
	mu sync.RWMutex

	rtpTransceivers []*RTPTransceiver
	onTrackHandler  func(*Track, *RTPReceiver)

	mediaEngine *MediaEngine
	source      func(ssrc uint32) <-chan []byte
}

// NewPeerConnection returns a connection using the given codecs; source
// delivers the packets of an SSRC.
func NewPeerConnection(m *MediaEngine, source func(ssrc uint32) <-chan []byte) *PeerConnection {
	return &PeerConnection{mediaEngine: m, source: source}
}

// OnTrack sets the handler called when a remote track arrives.
func (pc *PeerConnection) OnTrack(f func(*Track, *RTPReceiver)) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	pc.onTrackHandler = f
}

func (pc *PeerConnection) onTrack(t *Track, r *RTPReceiver) {
	pc.mu.RLock()
	handler := pc.onTrackHandler
	pc.mu.RUnlock()

	if t == nil {
		return
	}
	if handler == nil {
		log.Printf("OnTrack unset, unable to handle incoming media streams")
		return
	}
	go handler(t, r)
}

// GetTransceivers returns the transceivers attached to the connection.
func (pc *PeerConnection) GetTransceivers() []*RTPTransceiver {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	return pc.rtpTransceivers
}

// AddTransceiverFromKind adds a receive-only transceiver.
func (pc *PeerConnection) AddTransceiverFromKind(kind RTPCodecType, mid string) *RTPTransceiver {
	t := &RTPTransceiver{mid: mid, kind: kind, receiver: NewRTPReceiver(kind, pc.source)}
	pc.mu.Lock()
	pc.rtpTransceivers = append(pc.rtpTransceivers, t)
	pc.mu.Unlock()
	return t
}

func (pc *PeerConnection) startReceiver(incoming trackDetails, receiver *RTPReceiver) {
	if err := receiver.Receive(incoming.ssrc); err != nil {
		log.Printf("RTPReceiver Receive failed %s", err)
		return
	}

	// set track id and label early so they can be set as new track information
	// is received from the SDP.
	track := receiver.Track()
	track.mu.Lock()
	track.id = incoming.id
	track.label = incoming.label
	track.mu.Unlock()

	go func() {
		if err := receiver.Track().determinePayloadType(); err != nil {
			log.Printf("Could not determine PayloadType for SSRC %d", receiver.Track().SSRC())
			return
		}

		codec, err := pc.mediaEngine.getCodec(receiver.Track().PayloadType())
		if err != nil {
			log.Printf("no codec could be found for payloadType %d", receiver.Track().PayloadType())
			return
		}

		receiver.Track().mu.Lock()
		receiver.Track().kind = codec.Type
		receiver.Track().codec = codec
		receiver.Track().mu.Unlock()

		pc.onTrack(receiver.Track(), receiver)
	}()
}

// startRTPReceivers starts a receiver for each incoming track that matches a
// local transceiver.
func (pc *PeerConnection) startRTPReceivers(incomingTracks []trackDetails) {
	localTransceivers := append([]*RTPTransceiver{}, pc.GetTransceivers()...)

	for _, incoming := range incomingTracks {
		for _, t := range localTransceivers {
			if t.Mid() != incoming.mid || t.kind != incoming.kind {
				continue
			}
			if t.Receiver() == nil || t.Receiver().haveReceived() {
				continue
			}
			pc.startReceiver(incoming, t.Receiver())
			break
		}
	}
}
