package simpleradio

import (
	"bufio"
	"context"
	"encoding/json"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
)

// GUID identifies an SRS client.
type GUID string

// Coalition is the side a client belongs to.
type Coalition int

// ClientInfo describes an SRS client.
type ClientInfo struct {
	GUID      GUID
	Name      string
	Coalition Coalition
}

// Client is a SimpleRadio-Standalone client.
type Client struct {
	tcpConnection net.Conn

	clientInfo  ClientInfo
	clients     map[GUID]ClientInfo
	clientsLock sync.RWMutex

	// secureCoalitionRadios indicates if the client should only receive
	// transmissions from the same coalition.
	secureCoalitionRadios atomic.Bool

	rxChan chan []VoicePacket
}

// NewClient creates a client on an established TCP connection.
func NewClient(conn net.Conn, info ClientInfo) *Client {
	return &Client{
		tcpConnection: conn,
		clientInfo:    info,
		clients:       make(map[GUID]ClientInfo),
		rxChan:        make(chan []VoicePacket, 16),
	}
}

// Run starts the message and voice receivers. udpVoice delivers raw voice
// packets read from the UDP connection.
func (c *Client) Run(ctx context.Context, wg *sync.WaitGroup, udpVoice <-chan []byte) {
	wg.Add(2)
	go func() {
		defer wg.Done()
		c.receiveTCP(ctx)
	}()
	go func() {
		defer wg.Done()
		c.receiveVoice(ctx, udpVoice, c.rxChan)
	}()
}

// receiveTCP reads newline-delimited JSON messages from the SRS server.
func (c *Client) receiveTCP(ctx context.Context) {
	scanner := bufio.NewScanner(c.tcpConnection)
	for scanner.Scan() {
		if ctx.Err() != nil {
			return
		}
		var message Message
		if err := json.Unmarshal(scanner.Bytes(), &message); err != nil {
			slog.Debug("failed to unmarshal message", "error", err)
			continue
		}
		c.handleMessage(message)
	}
}

func (c *Client) syncClient(info ClientInfo) {
	c.clientsLock.Lock()
	defer c.clientsLock.Unlock()
	c.clients[info.GUID] = info
}

func (c *Client) getClient(guid GUID) (ClientInfo, bool) {
	c.clientsLock.RLock()
	defer c.clientsLock.RUnlock()
	info, ok := c.clients[guid]
	return info, ok
}
