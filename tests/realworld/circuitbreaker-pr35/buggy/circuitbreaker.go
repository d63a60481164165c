package circuit

import (
	"errors"
	"sync/atomic"
	"time"
)

type state int

const (
	open state = iota
	halfopen
	closed
)

var (
	ErrBreakerOpen    = errors.New("breaker open")
	ErrBreakerTimeout = errors.New("breaker time out")
)

type TripFunc func(*Breaker) bool

type Breaker struct {
	ResetTimeout time.Duration
	ShouldTrip   TripFunc

	failures       int64
	consecFailures int64
	successes      int64
	lastFailure    int64 // unix nanoseconds
	halfOpens      int64
	tripped        int32
}

func NewBreaker() *Breaker {
	return &Breaker{ResetTimeout: 500 * time.Millisecond}
}

// NewThresholdBreaker trips once threshold calls have failed.
func NewThresholdBreaker(threshold int64) *Breaker {
	cb := NewBreaker()
	cb.ShouldTrip = func(cb *Breaker) bool { return cb.Failures() == threshold }
	return cb
}

func (cb *Breaker) Trip() {
	atomic.StoreInt32(&cb.tripped, 1)
	atomic.StoreInt64(&cb.lastFailure, time.Now().UnixNano())
}

func (cb *Breaker) Reset() {
	atomic.StoreInt32(&cb.tripped, 0)
	atomic.StoreInt64(&cb.failures, 0)
	atomic.StoreInt64(&cb.consecFailures, 0)
	atomic.StoreInt64(&cb.successes, 0)
}

func (cb *Breaker) Tripped() bool { return atomic.LoadInt32(&cb.tripped) == 1 }

func (cb *Breaker) Failures() int64 { return atomic.LoadInt64(&cb.failures) }

func (cb *Breaker) Fail() int64 {
	n := atomic.AddInt64(&cb.failures, 1)
	atomic.AddInt64(&cb.consecFailures, 1)
	atomic.StoreInt64(&cb.lastFailure, time.Now().UnixNano())
	if cb.ShouldTrip != nil && cb.ShouldTrip(cb) {
		cb.Trip()
	}
	return n
}

func (cb *Breaker) Success() int64 {
	if cb.state() == halfopen {
		cb.Reset()
	}
	atomic.StoreInt64(&cb.consecFailures, 0)
	return atomic.AddInt64(&cb.successes, 1)
}

// Call runs circuit under the breaker. A returned error counts as a failure,
// and so does a call that has not finished after timeout (when timeout is set).
func (cb *Breaker) Call(circuit func() error, timeout time.Duration) error {
	var err error
	state := cb.state()
	if state == open {
		return ErrBreakerOpen
	}

	if timeout == 0 {
		err = circuit()
	} else {
		c := make(chan error)
		go func() {
			c <- circuit()
			close(c)
		}()

		select {
		case e := <-c:
			err = e
		case <-time.After(timeout):
			err = ErrBreakerTimeout
		}
	}

	if err != nil {
		if state == halfopen {
			atomic.StoreInt64(&cb.halfOpens, 0)
		}
		cb.Fail()
		return err
	}
	cb.Success()
	return nil
}

// state: closed when reset, open when tripped, halfopen when tripped but the
// reset timeout has passed and this caller won the single retry.
func (cb *Breaker) state() state {
	if !cb.Tripped() {
		return closed
	}
	since := time.Since(time.Unix(0, atomic.LoadInt64(&cb.lastFailure)))
	if since > cb.ResetTimeout && atomic.CompareAndSwapInt64(&cb.halfOpens, 0, 1) {
		return halfopen
	}
	return open
}
