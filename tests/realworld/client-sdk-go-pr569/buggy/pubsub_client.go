package momento

import (
	"context"
	"sync/atomic"
)

type pubSubClient struct {
	streamTopicManagers []*TopicGrpcManager
	log                 Logger
}

// Counters shared by every topic client of the process: the round robin over
// the channels and the number of gRPC streams open (100 per channel at most).
var streamTopicManagerCount uint64
var numGrpcStreams int64
var numChannels uint32

func newPubSubClient(managers []*TopicGrpcManager, log Logger) *pubSubClient {
	numChannels = uint32(len(managers))
	return &pubSubClient{streamTopicManagers: managers, log: log}
}

func (client *pubSubClient) getNextStreamTopicManager() *TopicGrpcManager {
	nextManagerIndex := atomic.AddUint64(&streamTopicManagerCount, 1)
	return client.streamTopicManagers[nextManagerIndex%uint64(len(client.streamTopicManagers))]
}

func (client *pubSubClient) topicSubscribe(ctx context.Context, cacheName, topic string) (*TopicGrpcManager, ClientStream, error) {
	checkNumConcurrentStreams(client.log)

	atomic.AddInt64(&numGrpcStreams, 1)

	topicManager := client.getNextStreamTopicManager()
	clientStream, err := topicManager.StreamClient.Subscribe(ctx, cacheName, topic)
	if err != nil {
		atomic.AddInt64(&numGrpcStreams, -1)
		return nil, nil, err
	}

	if numGrpcStreams > 0 && (int64(numChannels*100)-numGrpcStreams < 10) {
		client.log.Warn("approaching grpc maximum concurrent stream limit, %d remaining of total %d streams", int64(numChannels*100)-numGrpcStreams, numChannels*100)
	}

	return topicManager, clientStream, nil
}

func (client *pubSubClient) topicPublish(ctx context.Context, cacheName, topic string, value []byte) error {
	checkNumConcurrentStreams(client.log)

	atomic.AddInt64(&numGrpcStreams, 1)

	topicManager := client.getNextStreamTopicManager()
	err := topicManager.StreamClient.Publish(ctx, cacheName, topic, value)
	atomic.AddInt64(&numGrpcStreams, -1)
	return err
}

func (client *pubSubClient) close() {
	atomic.AddInt64(&numGrpcStreams, -numGrpcStreams)
	for i := range client.streamTopicManagers {
		defer client.streamTopicManagers[i].Close()
	}
}

func checkNumConcurrentStreams(log Logger) {
	if numGrpcStreams > 0 && numGrpcStreams >= int64(numChannels*100) {
		log.Debug("Already at maximum number of concurrent grpc streams, cannot make new publish or subscribe requests")
	}
}
