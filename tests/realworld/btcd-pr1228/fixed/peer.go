package peer

import (
	"errors"
	"fmt"
	"log"
	"math/rand"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

const (
	// MaxProtocolVersion is the max protocol version the peer supports.
	MaxProtocolVersion = 70013

	// negotiateTimeout is the duration of inactivity before we time out a
	// peer that hasn't completed the initial version negotiation.
	negotiateTimeout = 30 * time.Second

	// idleTimeout is the duration of inactivity before we time out a peer.
	idleTimeout = 5 * time.Minute

	// pingInterval is the interval between pings.
	pingInterval = 2 * time.Minute
)

// Config holds the callbacks and settings of a peer.
type Config struct {
	// NewestBlock returns the height of our best block.
	NewestBlock func() int32
	// OnMessage is invoked for every message after the handshake.
	OnMessage func(p *Peer, msg *Message)
}

// Peer is a bitcoin peer: after the version handshake, inHandler reads the
// connection and outHandler writes the queued messages to it.
type Peer struct {
	// the first 64-bit words are accessed atomically
	bytesReceived uint64
	bytesSent     uint64
	connected     int32
	disconnect    int32

	conn net.Conn

	addr    string
	cfg     Config
	inbound bool

	flagsMtx           sync.Mutex
	protocolVersion    uint32
	versionKnown       bool
	advertisedProtoVer uint32
	lastBlock          int32
	verAckReceived     bool

	outputQueue chan *Message
	inQuit      chan struct{}
	quit        chan struct{}
}

func newPeerBase(cfg *Config, inbound bool) *Peer {
	return &Peer{
		inbound:         inbound,
		cfg:             *cfg,
		protocolVersion: MaxProtocolVersion,
		outputQueue:     make(chan *Message, 50),
		inQuit:          make(chan struct{}),
		quit:            make(chan struct{}),
	}
}

// NewInboundPeer returns a new inbound bitcoin peer.
func NewInboundPeer(cfg *Config) *Peer {
	return newPeerBase(cfg, true)
}

// NewOutboundPeer returns a new outbound bitcoin peer.
func NewOutboundPeer(cfg *Config, addr string) *Peer {
	p := newPeerBase(cfg, false)
	p.addr = addr
	return p
}

func (p *Peer) String() string {
	dir := "outbound"
	if p.inbound {
		dir = "inbound"
	}
	return fmt.Sprintf("%s (%s)", p.addr, dir)
}

// Addr returns the peer address.
func (p *Peer) Addr() string {
	return p.addr
}

// readRemoteVersionMsg waits for the next message to arrive from the remote
// peer. If it is not a version message, it returns an error.
func (p *Peer) readRemoteVersionMsg() error {
	msg, err := ReadMessage(p.conn)
	if err != nil {
		return err
	}
	atomic.AddUint64(&p.bytesReceived, uint64(len(msg.Payload)))
	if msg.Command != CmdVersion {
		return errors.New("a version message must precede all others")
	}
	v, err := decodeVersion(msg.Payload)
	if err != nil {
		return err
	}

	p.flagsMtx.Lock()
	p.advertisedProtoVer = v.ProtocolVersion
	if v.ProtocolVersion < p.protocolVersion {
		p.protocolVersion = v.ProtocolVersion
	}
	p.versionKnown = true
	p.lastBlock = v.LastBlock
	p.flagsMtx.Unlock()

	return nil
}

// writeLocalVersionMsg writes our version message to the remote peer.
func (p *Peer) writeLocalVersionMsg() error {
	var height int32
	if p.cfg.NewestBlock != nil {
		height = p.cfg.NewestBlock()
	}
	v := &MsgVersion{
		ProtocolVersion: MaxProtocolVersion,
		Nonce:           rand.Uint64(),
		LastBlock:       height,
	}
	return p.writeMessage(&Message{Command: CmdVersion, Payload: v.encode()})
}

func (p *Peer) writeMessage(msg *Message) error {
	if atomic.LoadInt32(&p.disconnect) != 0 {
		return nil
	}
	if err := WriteMessage(p.conn, msg); err != nil {
		return err
	}
	atomic.AddUint64(&p.bytesSent, uint64(len(msg.Payload)))
	return nil
}

// negotiateInboundProtocol waits to receive a version message from the peer
// then sends our version message.
func (p *Peer) negotiateInboundProtocol() error {
	if err := p.readRemoteVersionMsg(); err != nil {
		return err
	}

	return p.writeLocalVersionMsg()
}

// negotiateOutboundProtocol sends our version message then waits to receive
// a version message from the peer.
func (p *Peer) negotiateOutboundProtocol() error {
	if err := p.writeLocalVersionMsg(); err != nil {
		return err
	}

	return p.readRemoteVersionMsg()
}

// start begins processing input and output messages.
func (p *Peer) start() error {
	negotiateErr := make(chan error, 1)
	go func() {
		if p.inbound {
			negotiateErr <- p.negotiateInboundProtocol()
		} else {
			negotiateErr <- p.negotiateOutboundProtocol()
		}
	}()

	// Negotiate the protocol within the specified negotiateTimeout.
	select {
	case err := <-negotiateErr:
		if err != nil {
			return err
		}
	case <-time.After(negotiateTimeout):
		return errors.New("protocol negotiation timeout")
	}

	// The protocol has been negotiated successfully so start processing
	// input and output messages.
	go p.inHandler()
	go p.outHandler()
	go p.pingHandler()

	// Send our verack message now that the IO processing machinery has
	// started.
	p.QueueMessage(&Message{Command: CmdVerAck})
	return nil
}

// AssociateConnection associates the given conn to the peer and starts it.
// Calling it when the peer is already connected has no effect.
func (p *Peer) AssociateConnection(conn net.Conn) {
	// Already connected?
	if !atomic.CompareAndSwapInt32(&p.connected, 0, 1) {
		return
	}

	p.conn = conn
	if p.inbound {
		p.addr = conn.RemoteAddr().String()
	}

	go func() {
		if err := p.start(); err != nil {
			log.Printf("cannot start peer %v: %v", p, err)
			p.Disconnect()
		}
	}()
}

// Connected returns whether or not the peer is currently connected.
func (p *Peer) Connected() bool {
	return atomic.LoadInt32(&p.connected) != 0 &&
		atomic.LoadInt32(&p.disconnect) == 0
}

// Disconnect disconnects the peer by closing the connection. Calling it
// when the peer is already disconnected has no effect.
func (p *Peer) Disconnect() {
	if atomic.AddInt32(&p.disconnect, 1) != 1 {
		return
	}

	if atomic.LoadInt32(&p.connected) != 0 {
		p.conn.Close()
	}
	close(p.quit)
}

// WaitForDisconnect waits until the peer has completely disconnected.
func (p *Peer) WaitForDisconnect() {
	<-p.quit
}

// QueueMessage queues msg for the output handler.
func (p *Peer) QueueMessage(msg *Message) {
	select {
	case p.outputQueue <- msg:
	case <-p.quit:
	}
}

// inHandler reads every message from the peer and hands it to the
// configured callback, disconnecting after idleTimeout without one.
func (p *Peer) inHandler() {
	idleTimer := time.AfterFunc(idleTimeout, func() {
		log.Printf("peer %s no answer for %s -- disconnecting", p, idleTimeout)
		p.Disconnect()
	})

	for atomic.LoadInt32(&p.disconnect) == 0 {
		msg, err := ReadMessage(p.conn)
		idleTimer.Stop()
		if err != nil {
			break
		}
		atomic.AddUint64(&p.bytesReceived, uint64(len(msg.Payload)))

		switch msg.Command {
		case CmdVerAck:
			p.flagsMtx.Lock()
			p.verAckReceived = true
			p.flagsMtx.Unlock()
		case CmdPing:
			p.QueueMessage(&Message{Command: CmdPong, Payload: msg.Payload})
		default:
			if p.cfg.OnMessage != nil {
				p.cfg.OnMessage(p, msg)
			}
		}
		idleTimer.Reset(idleTimeout)
	}

	idleTimer.Stop()
	p.Disconnect()
	close(p.inQuit)
}

// outHandler writes the queued messages to the peer.
func (p *Peer) outHandler() {
	for {
		select {
		case msg := <-p.outputQueue:
			if err := p.writeMessage(msg); err != nil {
				p.Disconnect()
			}
		case <-p.quit:
			return
		}
	}
}

// pingHandler periodically pings the peer.
func (p *Peer) pingHandler() {
	pingTicker := time.NewTicker(pingInterval)
	defer pingTicker.Stop()

	for {
		select {
		case <-pingTicker.C:
			p.QueueMessage(&Message{Command: CmdPing})
		case <-p.quit:
			return
		}
	}
}
