package nsqd

import (
	"sync"
	"time"
)

type Message struct {
	ID       [16]byte
	Attempts uint16
}

type Channel struct {
	sync.RWMutex
	name            string
	incomingMsgChan chan *Message
	exitFlag        int32
	exitChan        chan int
	waitGroup       sync.WaitGroup
	deferredPQ      []*Message
}

func NewChannel(name string) *Channel {
	c := &Channel{name: name, incomingMsgChan: make(chan *Message, 1), exitChan: make(chan int)}
	c.waitGroup.Add(1)
	go c.deferredWorker()
	return c
}

func (c *Channel) PutMessage(m *Message) error {
	c.RLock()
	defer c.RUnlock()
	if c.exitFlag == 1 {
		return nil
	}
	c.incomingMsgChan <- m
	return nil
}

func (c *Channel) doRequeue(msg *Message) error {
	c.RLock()
	defer c.RUnlock()
	if c.exitFlag == 1 {
		return nil
	}
	c.incomingMsgChan <- msg
	return nil
}

func (c *Channel) deferredWorker() {
	defer c.waitGroup.Done()
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-c.exitChan:
			return
		case <-t.C:
			c.Lock()
			due := c.deferredPQ
			c.deferredPQ = nil
			c.Unlock()
			for _, m := range due {
				_ = c.doRequeue(m)
			}
		}
	}
}

func (c *Channel) Close() error {
	c.Lock()
	defer c.Unlock()
	c.exitFlag = 1
	close(c.exitChan)
	close(c.incomingMsgChan)
	return nil
}
