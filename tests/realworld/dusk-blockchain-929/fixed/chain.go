package chain

import (
	"errors"
	"sync"
)

type Block struct {
	Height uint64
	Hash   []byte
}

type Chain struct {
	lock    sync.RWMutex
	tip     *Block
	results chan *Block
	quit    chan struct{}
}

func New() *Chain {
	c := &Chain{tip: &Block{}, results: make(chan *Block, 8), quit: make(chan struct{})}
	go c.loop()
	return c
}

var errBadHeight = errors.New("block height mismatch")

func (c *Chain) verify(b *Block) error {
	if b.Height != c.tip.Height+1 {
		return errBadHeight
	}
	return nil
}

func (c *Chain) loop() {
	for {
		select {
		case b := <-c.results:
			_ = c.acceptConsensusResults(b)
		case <-c.quit:
			return
		}
	}
}

func (c *Chain) acceptConsensusResults(b *Block) error {
	c.lock.Lock()
	defer c.lock.Unlock()
	if err := c.verify(b); err != nil {
		return err
	}
	c.tip = b
	return nil
}

func (c *Chain) Tip() *Block {
	c.lock.RLock()
	defer c.lock.RUnlock()
	return c.tip
}
