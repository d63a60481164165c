package miner

import (
	"sync"
	"time"
)

type Block struct{ Number uint64 }

type environment struct {
	block *Block
	txs   []string
}

type worker struct {
	mu        sync.Mutex
	currentMu sync.Mutex
	current   *environment
	quit      chan struct{}
	txCh      chan string
}

func newWorker() *worker {
	w := &worker{current: &environment{block: &Block{}}, quit: make(chan struct{}), txCh: make(chan string, 16)}
	go w.update()
	return w
}

func (w *worker) update() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-w.quit:
			return
		case tx := <-w.txCh:
			w.currentMu.Lock()
			w.current.txs = append(w.current.txs, tx)
			w.currentMu.Unlock()
		case <-t.C:
			w.commitNewWork()
		}
	}
}

func (w *worker) commitNewWork() {
	w.currentMu.Lock()
	defer w.currentMu.Unlock()
	parent := w.current.block
	w.current = &environment{block: &Block{Number: parent.Number + 1}}
}

func (w *worker) pendingBlock() *Block {
	w.currentMu.Lock()
	defer w.currentMu.Unlock()
	return w.current.block
}

func (w *worker) stop() { close(w.quit) }
