package simpleradio

import (
	"context"
	"encoding/json"
	"log/slog"
)

// VoicePacket is a decoded UDP voice packet.
type VoicePacket struct {
	OriginGUID GUID
	PacketID   uint64
	Audio      []byte
}

func decodeVoice(b []byte) (*VoicePacket, error) {
	var p VoicePacket
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// receiveVoice decodes incoming voice packets and forwards those the client
// may hear.
func (c *Client) receiveVoice(ctx context.Context, in <-chan []byte, out chan<- []VoicePacket) {
	for {
		select {
		case b := <-in:
			packet, err := decodeVoice(b)
			if err != nil {
				slog.Debug("failed to decode voice packet", "error", err)
				continue
			}
			if c.secureCoalitionRadios {
				client, ok := c.getClient(packet.OriginGUID)
				if !ok {
					slog.Warn("ignoring voice packet from unknown client")
					continue
				}
				if client.Coalition != c.clientInfo.Coalition {
					continue
				}
			}
			select {
			case out <- []VoicePacket{*packet}:
			case <-ctx.Done():
				return
			}
		case <-ctx.Done():
			return
		}
	}
}
