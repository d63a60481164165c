package agent

import (
	"context"
	"errors"
	"log"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

const (
	StatusStart int32 = iota
	StatusWorking
	StatusClosed
)

var (
	ErrBrokenPipe         = errors.New("broken low-level pipe")
	ErrCloseClosedSession = errors.New("close closed session")

	hbd = []byte{0x03, 0, 0, 0} // heartbeat packet
)

type pendingMessage struct {
	ctx     context.Context
	route   string
	mid     uint
	payload []byte
}

type pendingWrite struct {
	ctx  context.Context
	data []byte
	err  error
}

// Agent is the server side of one client connection.
type Agent struct {
	chDie            chan struct{}     // closed when the agent is closed
	chSend           chan pendingWrite // queue drained by write
	chStopHeartbeat  chan struct{}
	chStopWrite      chan struct{}
	closeMutex       sync.Mutex
	conn             net.Conn
	heartbeatTimeout time.Duration
	lastAt           int64
	state            int32
}

func NewAgent(conn net.Conn, heartbeat time.Duration, bufferSize int) *Agent {
	return &Agent{
		chDie:            make(chan struct{}),
		chSend:           make(chan pendingWrite, bufferSize),
		chStopHeartbeat:  make(chan struct{}),
		chStopWrite:      make(chan struct{}),
		conn:             conn,
		heartbeatTimeout: heartbeat,
		lastAt:           time.Now().Unix(),
		state:            StatusStart,
	}
}

func (a *Agent) send(m pendingMessage) (err error) {
	defer func() {
		if e := recover(); e != nil {
			err = ErrBrokenPipe
		}
	}()

	pw := pendingWrite{ctx: m.ctx, data: encode(m)}
	// chSend is never closed: give up on the send once the agent is closed
	select {
	case a.chSend <- pw:
	case <-a.chDie:
	}
	return
}

// Push sends a message to the client; handlers call it from their own goroutines.
func (a *Agent) Push(route string, v []byte) error {
	if a.GetStatus() == StatusClosed {
		return ErrBrokenPipe
	}
	return a.send(pendingMessage{route: route, payload: v})
}

// Close closes the agent, stops its goroutines and closes the connection.
func (a *Agent) Close() error {
	a.closeMutex.Lock()
	defer a.closeMutex.Unlock()
	if a.GetStatus() == StatusClosed {
		return ErrCloseClosedSession
	}
	a.SetStatus(StatusClosed)

	select {
	case <-a.chDie:
	default:
		close(a.chStopWrite)
		close(a.chStopHeartbeat)
		close(a.chDie)
	}
	return a.conn.Close()
}

func (a *Agent) GetStatus() int32 { return atomic.LoadInt32(&a.state) }

func (a *Agent) SetStatus(state int32) { atomic.StoreInt32(&a.state, state) }

func (a *Agent) SetLastAt() { atomic.StoreInt64(&a.lastAt, time.Now().Unix()) }

// Handle starts the writer and the heartbeat and waits for the agent to close.
func (a *Agent) Handle() {
	defer a.Close()

	go a.write()
	go a.heartbeat()
	<-a.chDie
}

func (a *Agent) heartbeat() {
	ticker := time.NewTicker(a.heartbeatTimeout)
	defer func() {
		ticker.Stop()
		a.Close()
	}()

	for {
		select {
		case <-ticker.C:
			deadline := time.Now().Add(-2 * a.heartbeatTimeout).Unix()
			if atomic.LoadInt64(&a.lastAt) < deadline {
				log.Printf("heartbeat timeout, last=%d deadline=%d", atomic.LoadInt64(&a.lastAt), deadline)
				return
			}
			select {
			case a.chSend <- pendingWrite{data: hbd}:
			case <-a.chDie:
				return
			case <-a.chStopHeartbeat:
				return
			}
		case <-a.chDie:
			return
		case <-a.chStopHeartbeat:
			return
		}
	}
}

func (a *Agent) write() {
	defer func() {
		a.Close()
	}()

	for {
		select {
		case pw := <-a.chSend:
			// a broken connection ends the agent
			if _, err := a.conn.Write(pw.data); err != nil {
				log.Printf("failed to write in conn: %v", err)
				return
			}
		case <-a.chStopWrite:
			return
		}
	}
}

func encode(m pendingMessage) []byte {
	out := append([]byte(m.route), 0)
	return append(out, m.payload...)
}
