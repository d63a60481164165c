package pitaya

import (
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

type pendingWrite struct {
	data []byte
}

// Agent is the server side of one client connection.
type Agent struct {
	Session          *Session
	conn             net.Conn
	chDie            chan struct{}     // closed when the agent is closed
	chSend           chan pendingWrite // messages waiting to be written
	chStopWrite      chan struct{}
	chStopHeartbeat  chan struct{}
	closeMutex       sync.Mutex
	heartbeatTimeout time.Duration
	lastAt           int64
	state            int32
}

func NewAgent(conn net.Conn, heartbeat time.Duration, bufferSize int) *Agent {
	a := &Agent{
		conn:             conn,
		chDie:            make(chan struct{}),
		chSend:           make(chan pendingWrite, bufferSize),
		chStopWrite:      make(chan struct{}),
		chStopHeartbeat:  make(chan struct{}),
		heartbeatTimeout: heartbeat,
		lastAt:           time.Now().Unix(),
		state:            StatusStart,
	}
	a.Session = newSession(a)
	return a
}

// Push queues data for the client.
func (a *Agent) Push(data []byte) error {
	if a.GetStatus() == StatusClosed {
		return ErrBrokenPipe
	}
	select {
	case a.chSend <- pendingWrite{data: data}:
		return nil
	case <-a.chDie:
		return ErrBrokenPipe
	}
}

// Close closes the agent and its connection. The session, the handler's read
// loop and the agent's own goroutines all call it when they notice the end.
func (a *Agent) Close() error {
	a.closeMutex.Lock()
	defer a.closeMutex.Unlock()
	if a.GetStatus() == StatusClosed {
		return ErrCloseClosedSession
	}
	a.SetStatus(StatusClosed)

	log.Printf("session closed, ID=%d, IP=%s", a.Session.ID(), a.conn.RemoteAddr())

	// meant to keep the channels from being closed twice
	select {
	case <-a.chDie:
	default:
		close(a.chStopWrite)
		close(a.chStopHeartbeat)
		close(a.chDie)
		onSessionClosed(a.Session)
	}

	return a.conn.Close()
}

func (a *Agent) GetStatus() int32 { return atomic.LoadInt32(&a.state) }

func (a *Agent) SetStatus(state int32) { atomic.StoreInt32(&a.state, state) }

func (a *Agent) SetLastAt() { atomic.StoreInt64(&a.lastAt, time.Now().Unix()) }

// Handle starts the agent's writer and heartbeat and waits for the end.
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
				log.Printf("heartbeat timeout, session %d", a.Session.ID())
				return
			}
			if _, err := a.conn.Write(hbd); err != nil {
				return
			}
		case <-a.chStopHeartbeat:
			return
		}
	}
}

func (a *Agent) write() {
	defer a.Close()

	for {
		select {
		case pw := <-a.chSend:
			if _, err := a.conn.Write(pw.data); err != nil {
				log.Printf("failed to write in conn: %v", err)
				return
			}
		case <-a.chStopWrite:
			return
		}
	}
}

func onSessionClosed(s *Session) {
	defer func() {
		if err := recover(); err != nil {
			log.Printf("onSessionClosed: %v", err)
		}
	}()
	for _, fn := range s.OnCloseCallbacks {
		fn()
	}
}
