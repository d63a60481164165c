// Package stats stands in for google.golang.org/grpc/stats: the events gRPC
// hands to a stats handler during the life of an RPC.
package stats

import "context"

type RPCTagInfo struct {
	FullMethodName string
}

type RPCStats interface {
	IsClient() bool
}

// Begin is sent when the RPC starts.
type Begin struct{ Client bool }

func (s *Begin) IsClient() bool { return s.Client }

// OutPayload is sent for every message written on the stream.
type OutPayload struct {
	Client bool
	Length int
}

func (s *OutPayload) IsClient() bool { return s.Client }

// InPayload is sent for every message read from the stream.
type InPayload struct {
	Client bool
	Length int
}

func (s *InPayload) IsClient() bool { return s.Client }

// End is sent when the RPC ends.
type End struct {
	Client bool
	Error  error
}

func (s *End) IsClient() bool { return s.Client }

// Handler is what gRPC calls for every RPC event.
type Handler interface {
	TagRPC(context.Context, *RPCTagInfo) context.Context
	HandleRPC(context.Context, RPCStats)
}
