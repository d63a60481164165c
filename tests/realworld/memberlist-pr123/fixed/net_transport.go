package memberlist

import (
	"log"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// Packet is a datagram read by the transport.
type Packet struct {
	Buf       []byte
	From      net.Addr
	Timestamp time.Time
}

// NetTransport is the default UDP transport of a Memberlist.
type NetTransport struct {
	packetCh     chan *Packet
	logger       *log.Logger
	wg           sync.WaitGroup
	udpListeners []*net.UDPConn
	shutdown     int32
}

// NewNetTransport binds the UDP listener and starts its reader goroutine.
func NewNetTransport(bindAddr string, logger *log.Logger) (*NetTransport, error) {
	addr, err := net.ResolveUDPAddr("udp", bindAddr)
	if err != nil {
		return nil, err
	}
	udpLn, err := net.ListenUDP("udp", addr)
	if err != nil {
		return nil, err
	}
	t := &NetTransport{
		packetCh: make(chan *Packet),
		logger:   logger,
	}
	t.udpListeners = append(t.udpListeners, udpLn)
	t.wg.Add(1)
	go t.udpListen(udpLn)
	return t, nil
}

// PacketCh returns the channel the received packets are handed out on.
func (t *NetTransport) PacketCh() <-chan *Packet {
	return t.packetCh
}

// WriteTo sends a packet to addr.
func (t *NetTransport) WriteTo(b []byte, addr string) (time.Time, error) {
	udpAddr, err := net.ResolveUDPAddr("udp", addr)
	if err != nil {
		return time.Time{}, err
	}
	_, err = t.udpListeners[0].WriteTo(b, udpAddr)
	return time.Now(), err
}

// Shutdown closes the listeners and blocks until their goroutines are gone.
func (t *NetTransport) Shutdown() error {
	atomic.StoreInt32(&t.shutdown, 1)
	for _, conn := range t.udpListeners {
		conn.Close()
	}
	t.wg.Wait()
	return nil
}

func (t *NetTransport) udpListen(udpLn *net.UDPConn) {
	defer t.wg.Done()
	for {
		buf := make([]byte, 65536)
		n, addr, err := udpLn.ReadFrom(buf)
		ts := time.Now()
		if err != nil {
			if atomic.LoadInt32(&t.shutdown) == 1 {
				break
			}
			t.logger.Printf("[ERR] memberlist: Error reading UDP packet: %v", err)
			continue
		}
		if n < 1 {
			continue
		}
		t.packetCh <- &Packet{Buf: buf[:n], From: addr, Timestamp: ts}
	}
}
