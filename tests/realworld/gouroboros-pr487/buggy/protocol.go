package protocol

import "sync"

type Segment struct {
	ProtocolID uint16
	Payload    []byte
}

type Protocol struct {
	recvChan  chan *Segment
	doneChan  chan struct{}
	stopOnce  sync.Once
	wg        sync.WaitGroup
	handle    func(*Segment)
}

func New(handle func(*Segment)) *Protocol {
	p := &Protocol{recvChan: make(chan *Segment, 10), doneChan: make(chan struct{}), handle: handle}
	p.wg.Add(1)
	go p.recvLoop()
	return p
}

// Deliver is called by the muxer's read goroutine for each segment of this protocol.
func (p *Protocol) Deliver(s *Segment) {
	p.recvChan <- s
}

func (p *Protocol) recvLoop() {
	defer p.wg.Done()
	for s := range p.recvChan {
		p.handle(s)
	}
}

func (p *Protocol) Stop() {
	p.stopOnce.Do(func() {
		close(p.doneChan)
		close(p.recvChan)
	})
	p.wg.Wait()
}
