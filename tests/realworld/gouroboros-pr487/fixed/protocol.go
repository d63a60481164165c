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
	select {
	case p.recvChan <- s:
	case <-p.doneChan:
	}
}

func (p *Protocol) recvLoop() {
	defer p.wg.Done()
	for {
		select {
		case s := <-p.recvChan:
			p.handle(s)
		case <-p.doneChan:
			return
		}
	}
}

// Stop signals with doneChan and never closes recvChan, which the muxer still sends to.
func (p *Protocol) Stop() {
	p.stopOnce.Do(func() {
		close(p.doneChan)
	})
	p.wg.Wait()
}
