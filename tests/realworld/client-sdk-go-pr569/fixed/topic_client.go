package momento

import "context"

// TopicClient is the public client; applications call it from many goroutines.
type TopicClient struct {
	pubSubClient *pubSubClient
}

func NewTopicClient(managers []*TopicGrpcManager, log Logger) *TopicClient {
	return &TopicClient{pubSubClient: newPubSubClient(managers, log)}
}

// Subscribe opens a subscription stream on a topic.
func (c *TopicClient) Subscribe(ctx context.Context, cacheName, topic string) (*topicSubscription, error) {
	ctx, cancel := context.WithCancel(ctx)
	manager, stream, err := c.pubSubClient.topicSubscribe(ctx, cacheName, topic)
	if err != nil {
		cancel()
		return nil, err
	}
	return &topicSubscription{topicManager: manager, grpcClient: stream, cancelFunction: cancel}, nil
}

// Publish sends a value to a topic.
func (c *TopicClient) Publish(ctx context.Context, cacheName, topic string, value []byte) error {
	return c.pubSubClient.topicPublish(ctx, cacheName, topic, value)
}

// Close releases the client's channels.
func (c *TopicClient) Close() {
	c.pubSubClient.close()
}
