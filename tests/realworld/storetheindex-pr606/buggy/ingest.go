package ingest

import (
	"context"
	"sync"
)

type peerID string

type Ingester struct {
	closeOnce sync.Once
	workReady chan peerID
	providersBeingProcessed map[peerID]chan struct{}
	providerAdChainStaging  map[peerID]string
	stagingMutex            sync.Mutex
	ctx    context.Context
	cancel context.CancelFunc
}

func NewIngester(workers int) *Ingester {
	ctx, cancel := context.WithCancel(context.Background())
	ing := &Ingester{
		workReady:               make(chan peerID, 16),
		providersBeingProcessed: make(map[peerID]chan struct{}),
		providerAdChainStaging:  make(map[peerID]string),
		ctx:                     ctx,
		cancel:                  cancel,
	}
	for i := 0; i < workers; i++ {
		go ing.ingestWorker()
	}
	return ing
}

func (ing *Ingester) onAdProcessed(p peerID, ad string) {
	ing.stagingMutex.Lock()
	ing.providerAdChainStaging[p] = ad
	ing.stagingMutex.Unlock()
	if _, ok := ing.providersBeingProcessed[p]; !ok {
		ing.workReady <- p
	}
}

func (ing *Ingester) ingestWorker() {
	for {
		select {
		case p := <-ing.workReady:
			ing.handleWork(p)
		case <-ing.ctx.Done():
			return
		}
	}
}

func (ing *Ingester) handleWork(p peerID) {
	done := make(chan struct{})
	ing.providersBeingProcessed[p] = done
	ing.stagingMutex.Lock()
	ad := ing.providerAdChainStaging[p]
	delete(ing.providerAdChainStaging, p)
	ing.stagingMutex.Unlock()
	_ = ad
	delete(ing.providersBeingProcessed, p)
	close(done)
}

func (ing *Ingester) Close() {
	ing.closeOnce.Do(ing.cancel)
}
