package smpp

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

const (
	SubmitSMID     uint32 = 0x00000004
	SubmitSMRespID uint32 = 0x80000004
)

// tx is the outcome of one request: its response PDU or an error.
type tx struct {
	PDU Body
	Err error
}

// HandlerFunc handles PDUs that answer no request of ours.
type HandlerFunc func(p Body)

// Transmitter is an SMPP client that submits messages and waits for each
// response, matched to its request by sequence number.
type Transmitter struct {
	RespTimeout time.Duration

	cl struct {
		*client
		sync.Mutex
	}

	tx struct {
		sync.Mutex
		inflight map[uint32]chan *tx
	}
}

// Bind attaches the connection and starts the goroutine that reads responses.
func (t *Transmitter) Bind(conn Conn) {
	t.cl.Lock()
	defer t.cl.Unlock()
	if t.cl.client != nil {
		return
	}
	t.tx.Lock()
	t.tx.inflight = make(map[uint32]chan *tx)
	t.tx.Unlock()
	t.cl.client = &client{Conn: conn, RespTimeout: t.RespTimeout}
	go t.handlePDU(nil)
}

// handlePDU hands each incoming PDU to the request waiting for its sequence
// number; f is only set by the transceiver.
func (t *Transmitter) handlePDU(f HandlerFunc) {
	for {
		p, err := t.cl.Read()
		if err != nil || p == nil {
			break
		}
		seq := p.Header().Seq
		t.tx.Lock()
		rc := t.tx.inflight[seq]
		t.tx.Unlock()
		if rc != nil {
			rc <- &tx{PDU: p}
		} else if f != nil {
			f(p)
		}
	}
}

// Close implements the ClientConn interface.
func (t *Transmitter) Close() error {
	t.cl.Lock()
	defer t.cl.Unlock()
	if t.cl.client == nil {
		return ErrNotConnected
	}
	return t.cl.Close()
}

// do writes p and waits for its response or for the response timeout.
func (t *Transmitter) do(p Body) (*tx, error) {
	t.cl.Lock()
	notbound := t.cl.client == nil
	t.cl.Unlock()
	if notbound {
		return nil, ErrNotBound
	}
	rc := make(chan *tx, 1)
	seq := p.Header().Seq
	t.tx.Lock()
	t.tx.inflight[seq] = rc
	t.tx.Unlock()
	defer func() {
		t.tx.Lock()
		delete(t.tx.inflight, seq)
		t.tx.Unlock()
	}()
	if err := t.cl.Write(p); err != nil {
		return nil, err
	}
	select {
	case resp := <-rc:
		if resp.Err != nil {
			return nil, resp.Err
		}
		return resp, nil
	case <-t.cl.respTimeout():
		return nil, ErrTimeout
	}
}

// ShortMessage is what Submit sends; Submit fills in the response.
type ShortMessage struct {
	Src  string
	Dst  string
	Text []byte

	resp struct {
		sync.Mutex
		p Body
	}
}

type submitSM struct {
	h    Header
	src  string
	dst  string
	text []byte
}

func (s *submitSM) Header() *Header { return &s.h }

var nextSeq uint32

// Submit sends a short message; callers run it from many goroutines at once.
func (t *Transmitter) Submit(sm *ShortMessage) (*ShortMessage, error) {
	p := &submitSM{
		h:    Header{ID: SubmitSMID, Seq: atomic.AddUint32(&nextSeq, 1)},
		src:  sm.Src,
		dst:  sm.Dst,
		text: sm.Text,
	}
	resp, err := t.do(p)
	if err != nil {
		return nil, err
	}
	sm.resp.Lock()
	sm.resp.p = resp.PDU
	sm.resp.Unlock()
	if id := resp.PDU.Header().ID; id != SubmitSMRespID {
		return sm, fmt.Errorf("unexpected PDU ID: %#x", id)
	}
	return sm, nil
}
