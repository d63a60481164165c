package peer

import (
	"encoding/binary"
	"errors"
	"io"
)

// Message commands used by the handshake and the handlers.
const (
	CmdVersion = "version"
	CmdVerAck  = "verack"
	CmdPing    = "ping"
	CmdPong    = "pong"
)

// Message is a framed bitcoin message: a command and its payload.
type Message struct {
	Command string
	Payload []byte
}

// MsgVersion is the payload of the version message.
type MsgVersion struct {
	ProtocolVersion uint32
	Nonce           uint64
	LastBlock       int32
}

func (m *MsgVersion) encode() []byte {
	b := make([]byte, 16)
	binary.LittleEndian.PutUint32(b[0:], m.ProtocolVersion)
	binary.LittleEndian.PutUint64(b[4:], m.Nonce)
	binary.LittleEndian.PutUint32(b[12:], uint32(m.LastBlock))
	return b
}

func decodeVersion(b []byte) (*MsgVersion, error) {
	if len(b) < 16 {
		return nil, errors.New("short version message")
	}
	return &MsgVersion{
		ProtocolVersion: binary.LittleEndian.Uint32(b[0:]),
		Nonce:           binary.LittleEndian.Uint64(b[4:]),
		LastBlock:       int32(binary.LittleEndian.Uint32(b[12:])),
	}, nil
}

const maxPayload = 32 << 20

// WriteMessage frames msg onto w.
func WriteMessage(w io.Writer, msg *Message) error {
	var hdr [16]byte
	copy(hdr[:12], msg.Command)
	binary.LittleEndian.PutUint32(hdr[12:], uint32(len(msg.Payload)))
	if _, err := w.Write(hdr[:]); err != nil {
		return err
	}
	_, err := w.Write(msg.Payload)
	return err
}

// ReadMessage reads one framed message from r.
func ReadMessage(r io.Reader) (*Message, error) {
	var hdr [16]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, err
	}
	n := binary.LittleEndian.Uint32(hdr[12:])
	if n > maxPayload {
		return nil, errors.New("payload too large")
	}
	cmd := hdr[:12]
	for i, c := range cmd {
		if c == 0 {
			cmd = cmd[:i]
			break
		}
	}
	payload := make([]byte, n)
	if _, err := io.ReadFull(r, payload); err != nil {
		return nil, err
	}
	return &Message{Command: string(cmd), Payload: payload}, nil
}
