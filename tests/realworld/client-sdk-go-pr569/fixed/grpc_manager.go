package momento

import "context"

// ClientStream is the server stream of one subscription.
type ClientStream interface {
	Recv() ([]byte, error)
}

// PubsubClient is the generated gRPC client of the topics service.
type PubsubClient interface {
	Subscribe(ctx context.Context, cacheName, topic string) (ClientStream, error)
	Publish(ctx context.Context, cacheName, topic string, value []byte) error
}

// TopicGrpcManager owns one gRPC channel to the topics service.
type TopicGrpcManager struct {
	StreamClient PubsubClient
	close        func() error
}

func (m *TopicGrpcManager) Close() error {
	if m.close == nil {
		return nil
	}
	return m.close()
}

// Logger is the SDK's logger interface.
type Logger interface {
	Debug(msg string, args ...any)
	Warn(msg string, args ...any)
}
