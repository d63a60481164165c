package consumer

import "sync"

type PartitionConsumer interface {
	Errors() <-chan error
	Messages() <-chan []byte
	Close() error
	Partition() int32
}

type Consumer struct {
	partitionIDToState map[int32]*consumerState
	partitionLock      sync.Mutex
	closed             bool
}

type consumerState struct {
	wg                sync.WaitGroup
	partitionConsumer PartitionConsumer
}

func New() *Consumer {
	return &Consumer{partitionIDToState: make(map[int32]*consumerState)}
}

func (c *Consumer) Start(pcs []PartitionConsumer) {
	for _, pc := range pcs {
		c.partitionLock.Lock()
		st := &consumerState{partitionConsumer: pc}
		c.partitionIDToState[pc.Partition()] = st
		st.wg.Add(2)
		c.partitionLock.Unlock()
		go c.handleMessages(pc)
		go c.handleErrors(pc.Partition(), pc.Errors())
	}
}

func (c *Consumer) handleMessages(pc PartitionConsumer) {
	for range pc.Messages() {
	}
	c.partitionLock.Lock()
	c.partitionIDToState[pc.Partition()].wg.Done()
	c.partitionLock.Unlock()
}

func (c *Consumer) handleErrors(partition int32, errChan <-chan error) {
	for range errChan {
	}
	c.partitionLock.Lock()
	c.partitionIDToState[partition].wg.Done()
	c.partitionLock.Unlock()
}

func (c *Consumer) Close() error {
	c.partitionLock.Lock()
	defer c.partitionLock.Unlock()
	c.closed = true
	for _, st := range c.partitionIDToState {
		_ = st.partitionConsumer.Close()
		st.wg.Wait()
	}
	return nil
}
