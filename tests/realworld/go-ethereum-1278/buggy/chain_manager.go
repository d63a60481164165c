package core

import (
	"sync"
	"time"
)

type Block struct{ Number uint64 }

type ChainManager struct {
	mu       sync.RWMutex
	quit     chan struct{}
	wg       sync.WaitGroup
	futureBlocks []*Block
	currentBlock *Block
}

func NewChainManager() *ChainManager {
	bc := &ChainManager{quit: make(chan struct{}), currentBlock: &Block{}}
	bc.wg.Add(1)
	go bc.update()
	return bc
}

func (bc *ChainManager) update() {
	defer bc.wg.Done()
	futureTimer := time.NewTicker(5 * time.Second)
	defer futureTimer.Stop()
	for {
		select {
		case <-futureTimer.C:
			bc.procFutureBlocks()
		case <-bc.quit:
			return
		}
	}
}

func (bc *ChainManager) procFutureBlocks() {
	bc.mu.Lock()
	defer bc.mu.Unlock()
	for _, b := range bc.futureBlocks {
		if b.Number == bc.currentBlock.Number+1 {
			bc.currentBlock = b
		}
	}
}

func (bc *ChainManager) Stop() {
	close(bc.quit)
	bc.wg.Wait()
}
