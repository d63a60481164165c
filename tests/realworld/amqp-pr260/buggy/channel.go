package amqp

import (
	"sync"
	"sync/atomic"
)

type Error struct {
	Code   int
	Reason string
}

func (e *Error) Error() string { return e.Reason }

type Return struct {
	ReplyCode uint16
	ReplyText string
	Body      []byte
}

type channelClose struct {
	ReplyCode uint16
	ReplyText string
}
type channelCloseOk struct{}
type channelFlow struct{ Active bool }
type channelFlowOk struct{ Active bool }
type basicReturn struct {
	ReplyCode uint16
	ReplyText string
	Body      []byte
}

type Channel struct {
	destructor sync.Once
	m          sync.Mutex
	notifyM    sync.RWMutex

	connection *Connection
	id         uint16
	closed     int32
	noNotify   bool

	closes  []chan *Error
	flows   []chan bool
	returns []chan Return

	errors chan *Error
}

func newChannel(c *Connection, id uint16) *Channel {
	return &Channel{connection: c, id: id, errors: make(chan *Error, 1)}
}

func (ch *Channel) shutdown(e *Error) {
	ch.destructor.Do(func() {
		ch.m.Lock()
		defer ch.m.Unlock()

		// the notify listeners are only touched with notifyM held
		ch.notifyM.Lock()
		defer ch.notifyM.Unlock()

		if e != nil {
			for _, c := range ch.closes {
				c <- e
			}
		}

		// from now on send only lets channel.close-ok through
		atomic.StoreInt32(&ch.closed, 1)

		if e != nil {
			ch.errors <- e
		}

		for _, c := range ch.closes {
			close(c)
		}
		for _, c := range ch.flows {
			close(c)
		}
		for _, c := range ch.returns {
			close(c)
		}

		close(ch.errors)
		ch.noNotify = true
	})
}

func (ch *Channel) send(msg message) error {
	if atomic.LoadInt32(&ch.closed) == 1 {
		if _, ok := msg.(*channelCloseOk); !ok {
			return ErrClosed
		}
	}
	return ch.connection.send(frame{channel: ch.id, method: msg})
}

// recv runs on the connection's reader goroutine.
func (ch *Channel) recv(f frame) {
	ch.dispatch(f.method)
}

func (ch *Channel) dispatch(msg message) {
	switch m := msg.(type) {
	case *channelClose:
		ch.connection.closeChannel(ch, &Error{Code: int(m.ReplyCode), Reason: m.ReplyText})
		ch.send(&channelCloseOk{})

	case *channelFlow:
		ch.notifyM.RLock()
		for _, c := range ch.flows {
			c <- m.Active
		}
		ch.notifyM.RUnlock()
		ch.send(&channelFlowOk{Active: m.Active})

	case *basicReturn:
		ret := Return{ReplyCode: m.ReplyCode, ReplyText: m.ReplyText, Body: m.Body}
		ch.notifyM.RLock()
		for _, c := range ch.returns {
			c <- ret
		}
		ch.notifyM.RUnlock()
	}
}

// NotifyReturn registers a listener for publishings the server could not route.
func (ch *Channel) NotifyReturn(c chan Return) chan Return {
	ch.notifyM.Lock()
	defer ch.notifyM.Unlock()
	if ch.noNotify {
		close(c)
	} else {
		ch.returns = append(ch.returns, c)
	}
	return c
}

// Close closes the channel; it is safe to call more than once.
func (ch *Channel) Close() error {
	defer ch.connection.closeChannel(ch, nil)
	return ch.send(&channelClose{ReplyCode: 200})
}
