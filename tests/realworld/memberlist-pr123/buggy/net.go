package memberlist

import (
	"net"
	"time"
)

type messageType uint8

const (
	pingMsg messageType = iota
	ackRespMsg
)

// packetListen pulls packets out of the transport and processes them.
func (m *Memberlist) packetListen() {
	for {
		select {
		case packet := <-m.transport.PacketCh():
			m.ingestPacket(packet.Buf, packet.From, packet.Timestamp)
		case <-m.shutdownCh:
			return
		}
	}
}

func (m *Memberlist) ingestPacket(buf []byte, from net.Addr, timestamp time.Time) {
	m.handleCommand(buf, from, timestamp)
}

func (m *Memberlist) handleCommand(buf []byte, from net.Addr, timestamp time.Time) {
	msgType := messageType(buf[0])
	buf = buf[1:]
	switch msgType {
	case pingMsg:
		m.handlePing(buf, from)
	default:
		m.logger.Printf("[ERR] memberlist: msg type (%d) not supported from %v", msgType, from)
	}
}

func (m *Memberlist) handlePing(buf []byte, from net.Addr) {
	// Answer with an ack carrying the ping's sequence number.
	ack := append([]byte{byte(ackRespMsg)}, buf...)
	if err := m.sendMsg(from.String(), ack); err != nil {
		m.logger.Printf("[ERR] memberlist: Failed to send ack: %s from %v", err, from)
	}
}

func (m *Memberlist) sendMsg(addr string, msg []byte) error {
	return m.rawSendMsgPacket(addr, nil, msg)
}

// rawSendMsgPacket sends msg to addr, adding a CRC when the destination
// node is known to understand it.
func (m *Memberlist) rawSendMsgPacket(addr string, node *Node, msg []byte) error {
	if node == nil {
		toAddr, _, err := net.SplitHostPort(addr)
		if err != nil {
			return err
		}
		m.nodeLock.RLock()
		nodeState, ok := m.nodeMap[toAddr]
		m.nodeLock.RUnlock()
		if ok {
			node = &nodeState.Node
		}
	}
	if node != nil && node.PMax >= 5 {
		msg = append(msg, 0, 0, 0, 0)
	}
	_, err := m.transport.WriteTo(msg, addr)
	return err
}
