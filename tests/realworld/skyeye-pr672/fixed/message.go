package simpleradio

import (
	"log/slog"
	"strings"
)

// MessageType is the kind of an SRS message.
type MessageType int

const (
	MessageUpdate         MessageType = 1
	MessageServerSettings MessageType = 5
)

// CoalitionAudioSecurity is the server setting that enables secure
// coalition radios.
const CoalitionAudioSecurity = "COALITION_AUDIO_SECURITY"

// Message is a JSON message exchanged with the SRS server.
type Message struct {
	Type           MessageType
	Client         *ClientInfo
	ServerSettings map[string]string
}

// handleMessage routes a message received on the TCP connection.
func (c *Client) handleMessage(message Message) {
	switch message.Type {
	case MessageServerSettings:
		c.updateServerSettings(message)
	case MessageUpdate:
		if message.Client != nil {
			c.syncClient(*message.Client)
		}
	default:
		slog.Warn("received unrecognized message", "type", message.Type)
	}
}

// updateServerSettings applies the server's settings to the client.
func (c *Client) updateServerSettings(message Message) {
	if enabled, ok := message.ServerSettings[CoalitionAudioSecurity]; ok {
		if strings.ToLower(enabled) == "true" {
			if !c.secureCoalitionRadios.Load() {
				slog.Info("enabling secure coalition radios")
			}
			c.secureCoalitionRadios.Store(true)
		} else {
			slog.Info("disabling secure coalition radios")
			c.secureCoalitionRadios.Store(false)
		}
	}
}
