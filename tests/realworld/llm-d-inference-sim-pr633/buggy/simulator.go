package llmdinferencesim

import (
	"context"
	"time"
)

type request struct {
	prompt string
	done   chan string
}

type VllmSimulator struct {
	nRunningReqs    int64
	runReqChan      chan int64
	reqChan         chan *request
	baseLatency     time.Duration
	perReqLatency   time.Duration
}

func New() *VllmSimulator {
	return &VllmSimulator{runReqChan: make(chan int64, 100), reqChan: make(chan *request, 100),
		baseLatency: 10 * time.Millisecond, perReqLatency: time.Millisecond}
}

func (s *VllmSimulator) Start(ctx context.Context, workers int) {
	go s.runningRequestsUpdater(ctx)
	for i := 0; i < workers; i++ {
		go s.worker(ctx)
	}
}

func (s *VllmSimulator) runningRequestsUpdater(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case inc := <-s.runReqChan:
			s.nRunningReqs += inc
		}
	}
}

func (s *VllmSimulator) latency() time.Duration {
	return s.baseLatency + time.Duration(s.nRunningReqs)*s.perReqLatency
}

func (s *VllmSimulator) worker(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case req := <-s.reqChan:
			s.runReqChan <- 1
			time.Sleep(s.latency())
			req.done <- req.prompt
			s.runReqChan <- -1
		}
	}
}
