package momento

import (
	"context"
	"sync/atomic"
)

type topicSubscription struct {
	topicManager   *TopicGrpcManager
	grpcClient     ClientStream
	cancelFunction context.CancelFunc
}

// Item blocks for the next message of the subscription.
func (s *topicSubscription) Item(ctx context.Context) ([]byte, error) {
	return s.grpcClient.Recv()
}

// Close ends the subscription and gives its stream back.
func (s *topicSubscription) Close() {
	atomic.AddInt64(&numGrpcStreams, -1)
	s.cancelFunction()
}
