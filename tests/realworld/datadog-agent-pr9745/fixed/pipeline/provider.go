package pipeline

import "sync/atomic"

// Provider hands out the input channels of the pipelines, one after the
// other, so that the tailers spread their messages over all of them.
type Provider interface {
	Start()
	NextPipelineChan() chan *Message
}

// provider implements providing logic
type provider struct {
	numberOfPipelines int
	chanSize          int

	pipelines            []*Pipeline
	currentPipelineIndex uint32
}

// NewProvider returns a new Provider
func NewProvider(numberOfPipelines, chanSize int) Provider {
	return &provider{
		numberOfPipelines: numberOfPipelines,
		chanSize:          chanSize,
		pipelines:         []*Pipeline{},
	}
}

// Start initializes the pipelines
func (p *provider) Start() {
	for i := 0; i < p.numberOfPipelines; i++ {
		pipeline := NewPipeline(p.chanSize)
		pipeline.Start()
		p.pipelines = append(p.pipelines, pipeline)
	}
}

// NextPipelineChan returns the next pipeline input channel; every launcher
// calls it from its own goroutine when it starts a tailer.
func (p *provider) NextPipelineChan() chan *Message {
	pipelinesLen := len(p.pipelines)
	if pipelinesLen == 0 {
		return nil
	}
	index := atomic.AddUint32(&p.currentPipelineIndex, uint32(1)) % uint32(pipelinesLen)
	nextPipeline := p.pipelines[index]
	return nextPipeline.InputChan
}
