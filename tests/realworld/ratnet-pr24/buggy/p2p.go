package p2p

import (
	"encoding/binary"
	"log"
	"math/rand"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// P2P is a policy that finds peers on the local network by multicast
// announcements and connects to them.
type P2P struct {
	negotiationRank uint64

	AdvertiseInterval int

	isListening   uint32
	isAdvertising uint32

	AdminMode    bool
	ListenURI    string
	localAddress string
	Transport    Transport
	Node         Node

	listenSocket *net.UDPConn
	dialSocket   *net.UDPConn

	wg sync.WaitGroup
}

var (
	maxDatagramSize = 4096

	multicastAddr = &net.UDPAddr{
		IP:   net.IPv4(224, 0, 0, 251),
		Port: 5353,
	}
)

// New returns a new P2P connection policy.
func New(transport Transport, listenURI string, node Node, adminMode bool, advertiseInterval int) *P2P {
	s := new(P2P)
	s.Transport = transport
	s.ListenURI = listenURI
	s.AdminMode = adminMode
	s.Node = node
	s.AdvertiseInterval = advertiseInterval
	s.negotiationRank = rand.Uint64()
	return s
}

func (s *P2P) initSockets() error {
	listen, err := net.ListenMulticastUDP("udp4", nil, multicastAddr)
	if err != nil {
		return err
	}
	s.listenSocket = listen
	dial, err := net.DialUDP("udp", nil, multicastAddr)
	if err != nil {
		return err
	}
	s.dialSocket = dial
	port := s.ListenURI[strings.LastIndex(s.ListenURI, ":")+1:]
	host, _, _ := net.SplitHostPort(dial.LocalAddr().String())
	s.localAddress = s.Transport.Name() + "://" + host + ":" + port
	return nil
}

// RunPolicy starts the listener and the advertiser goroutines.
func (s *P2P) RunPolicy() error {
	if err := s.initSockets(); err != nil {
		return err
	}

	s.Transport.Listen(s.ListenURI, s.AdminMode)
	s.setIsListening(true)
	s.setIsAdvertising(true)

	go s.mdnsListen()
	go func() {
		s.wg.Add(1)
		defer s.wg.Done()
		for s.IsListening() {
			if s.IsAdvertising() {
				if err := s.mdnsAdvertise(); err != nil {
					log.Println("mdnsAdvertise errored:", err)
				}
			}
			time.Sleep(time.Duration(s.AdvertiseInterval) * time.Millisecond)
		}
	}()
	return nil
}

// Stop stops the policy and waits for its goroutines.
func (s *P2P) Stop() {
	s.Transport.Stop()
	s.setIsListening(false)
	s.setIsAdvertising(false)

	s.listenSocket.Close()
	s.dialSocket.Close()

	s.wg.Wait()
}

func (s *P2P) mdnsListen() error {
	peerlist := make(map[string]bool)

	s.wg.Add(1)
	defer s.wg.Done()
	for s.IsListening() {
		b := make([]byte, maxDatagramSize)
		n, _, err := s.listenSocket.ReadFromUDP(b)
		if err != nil {
			return err
		}
		target, targetNegRank := parseAnnouncement(b[:n])
		if peerlist[target] || target == "" || targetNegRank == 0 || target == s.localAddress {
			continue
		}
		// the lower rank connects to the other side
		if s.negotiationRank <= targetNegRank {
			peerlist[target] = true
			if err := s.Node.AddPeer(target); err != nil {
				log.Println("add peer:", err)
			}
		}
	}
	return nil
}

func (s *P2P) mdnsAdvertise() error {
	msg := make([]byte, 8, 8+len(s.localAddress))
	binary.LittleEndian.PutUint64(msg, s.negotiationRank)
	msg = append(msg, s.localAddress...)
	_, err := s.dialSocket.Write(msg)
	return err
}

// parseAnnouncement is the stand-in for unpacking the DNS message.
func parseAnnouncement(b []byte) (string, uint64) {
	if len(b) < 8 {
		return "", 0
	}
	return string(b[8:]), binary.LittleEndian.Uint64(b[:8])
}

// IsListening reports whether the policy is listening.
func (s *P2P) IsListening() bool {
	return atomic.LoadUint32(&s.isListening) == 1
}

func (s *P2P) setIsListening(b bool) {
	var v uint32
	if b {
		v = 1
	}
	atomic.StoreUint32(&s.isListening, v)
}

// IsAdvertising reports whether the policy is advertising.
func (s *P2P) IsAdvertising() bool {
	return atomic.LoadUint32(&s.isAdvertising) == 1
}

func (s *P2P) setIsAdvertising(b bool) {
	var v uint32
	if b {
		v = 1
	}
	atomic.StoreUint32(&s.isAdvertising, v)
}
