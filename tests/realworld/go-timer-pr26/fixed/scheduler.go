package scheduler

import (
	"sync"
	"sync/atomic"
	"time"
)

// Strategy decides how many workers to add (positive) or retire (negative).
type Strategy interface {
	ExpandOrShrink(incoming, processed, actives int64) int64
}

type Handler func(data interface{})

type Request struct {
	Data    interface{}
	Handler Handler
}

type Scheduler struct {
	Interval time.Duration

	incomingChan chan *Request
	closeChan    chan struct{}
	allCloseChan chan struct{}

	// totals, bumped atomically by PublishRequest and by the workers
	countIncomingReqs  int64
	countProcessedReqs int64
	// totals as of the previous tick, used only by control
	countIncomingReqsL  int64
	countProcessedReqsL int64

	numActives int64

	strategy    Strategy
	runtimeLock sync.RWMutex
}

func NewScheduler(strategy Strategy) *Scheduler {
	s := &Scheduler{
		Interval:     200 * time.Millisecond,
		strategy:     strategy,
		incomingChan: make(chan *Request, 1024),
		closeChan:    make(chan struct{}, 1024),
		allCloseChan: make(chan struct{}),
	}
	s.expandGoRoutines(1)
	return s
}

func (s *Scheduler) StartSchedule() {
	go s.control()
}

func (s *Scheduler) control() {
	ticker := time.NewTicker(s.Interval)
	defer ticker.Stop()
	for {
		select {
		case <-ticker.C:
			numActives := atomic.LoadInt64(&s.numActives)
			incoming := atomic.LoadInt64(&s.countIncomingReqs)
			processed := atomic.LoadInt64(&s.countProcessedReqs)
			incomingReqsDiff := incoming - s.countIncomingReqsL
			processedReqsDiff := processed - s.countProcessedReqsL
			s.countIncomingReqsL = incoming
			s.countProcessedReqsL = processed

			s.runtimeLock.RLock()
			shift := s.strategy.ExpandOrShrink(incomingReqsDiff, processedReqsDiff, numActives)
			s.runtimeLock.RUnlock()

			if shift < 0 && numActives == 1 {
				continue
			}
			if shift > 0 {
				s.expandGoRoutines(shift)
			} else {
				s.shrinkGoRoutines(-shift)
			}
		case <-s.allCloseChan:
			return
		}
	}
}

func (s *Scheduler) shrinkGoRoutines(n int64) {
	for i := int64(0); i < n; i++ {
		s.closeChan <- struct{}{}
	}
}

func (s *Scheduler) expandGoRoutines(n int64) {
	for i := int64(0); i < n; i++ {
		go func() {
			atomic.AddInt64(&s.numActives, 1)
			for {
				select {
				case r, ok := <-s.incomingChan:
					if !ok {
						atomic.AddInt64(&s.numActives, -1)
						return
					}
					if r.Handler != nil {
						r.Handler(r.Data)
					}
					atomic.AddInt64(&s.countProcessedReqs, 1)
				case <-s.closeChan:
					atomic.AddInt64(&s.numActives, -1)
					return
				}
			}
		}()
	}
}

func (s *Scheduler) PublishRequest(req *Request) {
	s.incomingChan <- req
	atomic.AddInt64(&s.countIncomingReqs, 1)
}

func (s *Scheduler) Close() {
	close(s.incomingChan)
	close(s.allCloseChan)
}
