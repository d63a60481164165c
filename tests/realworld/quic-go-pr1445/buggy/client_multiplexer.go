package quic

import (
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
)

const maxReceivePacketSize = 1452

var (
	clientMuxerOnce sync.Once
	clientMuxer     *clientMultiplexer
)

type connManager struct {
	connIDLen int
	manager   packetHandlerManager
}

// The clientMultiplexer listens on all packet conns used by clients of this
// process and hands incoming packets to the session they belong to.
type clientMultiplexer struct {
	mutex sync.Mutex

	conns                   map[net.PacketConn]connManager
	newPacketHandlerManager func() packetHandlerManager
}

func getClientMultiplexer() *clientMultiplexer {
	clientMuxerOnce.Do(func() {
		clientMuxer = &clientMultiplexer{
			conns:                   make(map[net.PacketConn]connManager),
			newPacketHandlerManager: newPacketHandlerMap,
		}
	})
	return clientMuxer
}

// AddConn registers a packet conn and starts listening on it.
func (m *clientMultiplexer) AddConn(c net.PacketConn, connIDLen int) (packetHandlerManager, error) {
	m.mutex.Lock()
	defer m.mutex.Unlock()

	p, ok := m.conns[c]
	if !ok {
		p = connManager{connIDLen: connIDLen, manager: m.newPacketHandlerManager()}
		m.conns[c] = p
		go m.listen(c, &p)
	}
	if p.connIDLen != connIDLen {
		return nil, fmt.Errorf("cannot use %d byte connection IDs on a conn using %d byte connection IDs", connIDLen, p.connIDLen)
	}
	return p.manager, nil
}

// AddHandler adds a session to a packet conn registered with AddConn.
func (m *clientMultiplexer) AddHandler(c net.PacketConn, connID connectionID, handler packetHandler) error {
	p, ok := m.conns[c]
	if !ok {
		return errors.New("unknown packet conn")
	}
	p.manager.Add(connID, handler)
	return nil
}

func (m *clientMultiplexer) listen(c net.PacketConn, p *connManager) {
	for {
		data := make([]byte, maxReceivePacketSize)
		n, addr, err := c.ReadFrom(data)
		if err != nil {
			if !strings.HasSuffix(err.Error(), "use of closed network connection") {
				p.manager.Close(err)
			}
			return
		}
		data = data[:n]
		if len(data) < 1+p.connIDLen {
			continue
		}
		destConnID := connectionID(data[1 : 1+p.connIDLen])
		handler, ok := p.manager.Get(destConnID)
		if !ok || handler == nil {
			continue
		}
		handler.handlePacket(addr, data)
	}
}
