package pubsub

import (
	"context"
	"encoding/binary"
)

// handleNewPeer opens our outbound stream to pid and starts its writer and
// its dead-peer watcher.
func (p *PubSub) handleNewPeer(ctx context.Context, pid ID, outgoing <-chan *RPC) {
	s, err := p.host.NewStream(p.ctx, pid, p.rt.Protocols()...)
	if err != nil {
		select {
		case p.newPeerError <- pid:
		case <-ctx.Done():
		}
		return
	}

	go p.handleSendingMessages(ctx, s, outgoing)
	go p.handlePeerEOF(ctx, s)
	select {
	case p.newPeerStream <- s:
	case <-ctx.Done():
	}
}

// handlePeerEOF reports the peer dead once its stream fails or is reset.
func (p *PubSub) handlePeerEOF(ctx context.Context, s Stream) {
	pid := s.RemotePeer()
	buf := make([]byte, 1)
	for {
		if _, err := s.Read(buf); err != nil {
			select {
			case p.peerDead <- pid:
			case <-ctx.Done():
			}
			return
		}
		// the remote side should never write on our outbound stream
	}
}

// handleSendingMessages writes the peer's queue to its stream until the
// queue is closed.
func (p *PubSub) handleSendingMessages(ctx context.Context, s Stream, outgoing <-chan *RPC) {
	defer s.Close()
	for {
		select {
		case rpc, ok := <-outgoing:
			if !ok {
				return
			}
			if err := writeRPC(s, rpc); err != nil {
				s.Reset()
				return
			}
		case <-ctx.Done():
			return
		}
	}
}

func writeRPC(s Stream, rpc *RPC) error {
	var hdr [binary.MaxVarintLen64]byte
	n := binary.PutUvarint(hdr[:], uint64(len(rpc.Data)))
	if _, err := s.Write(hdr[:n]); err != nil {
		return err
	}
	_, err := s.Write(rpc.Data)
	return err
}
