package internal

import (
	"encoding/binary"
	"errors"
	"io"
)

// The protobuf commands of the Pulsar protocol, reduced to what the case
// uses; a frame is a type byte followed by the producer id and sequence id.

type CommandType byte

const (
	CommandSendReceiptType CommandType = iota + 1
	CommandPingType
)

type CommandSendReceipt struct {
	ProducerId uint64
	SequenceId uint64
}

func (r *CommandSendReceipt) GetProducerId() uint64 { return r.ProducerId }

func (r *CommandSendReceipt) GetSequenceId() uint64 { return r.SequenceId }

type BaseCommand struct {
	Type        CommandType
	SendReceipt *CommandSendReceipt
}

var errBadFrame = errors.New("pulsar: invalid frame")

func readCommand(r io.Reader) (*BaseCommand, error) {
	var frame [17]byte
	if _, err := io.ReadFull(r, frame[:]); err != nil {
		return nil, err
	}
	cmd := &BaseCommand{Type: CommandType(frame[0])}
	switch cmd.Type {
	case CommandSendReceiptType:
		cmd.SendReceipt = &CommandSendReceipt{
			ProducerId: binary.BigEndian.Uint64(frame[1:9]),
			SequenceId: binary.BigEndian.Uint64(frame[9:17]),
		}
	case CommandPingType:
	default:
		return nil, errBadFrame
	}
	return cmd, nil
}
