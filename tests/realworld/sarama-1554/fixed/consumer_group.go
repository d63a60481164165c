package sarama

import (
	"context"
	"errors"
	"sync"
)

type ConsumerGroupHandler interface {
	Setup() error
}

type consumerGroup struct {
	lock    sync.Mutex
	closed  chan none
	errors  chan error
	returnErrors bool
}

type none struct{}

var ErrClosedConsumerGroup = errors.New("kafka: tried to use a consumer group that was closed")

func newConsumerGroup() *consumerGroup {
	return &consumerGroup{closed: make(chan none), errors: make(chan error, 16), returnErrors: true}
}

func (c *consumerGroup) Consume(ctx context.Context, topics []string, handler ConsumerGroupHandler) error {
	c.lock.Lock()
	defer c.lock.Unlock()

	select {
	case <-c.closed:
		return ErrClosedConsumerGroup
	default:
	}
	if len(topics) == 0 {
		return errors.New("no topics provided")
	}
	if err := handler.Setup(); err != nil {
		c.handleError(err, "", -1)
		return err
	}
	return nil
}

func (c *consumerGroup) handleError(err error, topic string, partition int32) {
	if !c.returnErrors {
		return
	}
	select {
	case <-c.closed:
		return
	default:
	}
	select {
	case c.errors <- err:
	default:
	}
}

func (c *consumerGroup) Close() error {
	c.lock.Lock()
	defer c.lock.Unlock()
	close(c.closed)
	return nil
}
