package nebula

import (
	"io"
	"sync"
)

// udpConn is the outside (underlay) socket.
type udpConn interface {
	ReadFrom(b []byte) (n int, remote string, err error)
	WriteTo(b []byte, remote string) error
}

// LightHouse answers where a vpn ip can be reached.
type LightHouse interface {
	Query(vpnIP uint32, f *Interface)
}

// ConnectionState is the crypto state of a tunnel to one host.
type ConnectionState struct {
	messageCounter *uint64
	ready          bool
}

// HostInfo is what we know about a remote host.
type HostInfo struct {
	vpnIP           uint32
	remote          string
	remoteIndexID   uint32
	ConnectionState *ConnectionState
}

// Interface ties the tun device to the outside socket.
type Interface struct {
	inside     io.Reader
	outside    udpConn
	lightHouse LightHouse

	hostsLock sync.RWMutex
	hosts     map[uint32]*HostInfo
	indexes   map[uint32]*HostInfo
}

// NewInterface returns an interface over the given devices.
func NewInterface(inside io.Reader, outside udpConn, lh LightHouse) *Interface {
	return &Interface{
		inside:     inside,
		outside:    outside,
		lightHouse: lh,
		hosts:      make(map[uint32]*HostInfo),
		indexes:    make(map[uint32]*HostInfo),
	}
}

// AddHost registers an established tunnel.
func (f *Interface) AddHost(h *HostInfo, localIndex uint32) {
	f.hostsLock.Lock()
	defer f.hostsLock.Unlock()
	f.hosts[h.vpnIP] = h
	f.indexes[localIndex] = h
}

func (f *Interface) queryVpnIP(vpnIP uint32) *HostInfo {
	f.hostsLock.RLock()
	defer f.hostsLock.RUnlock()
	return f.hosts[vpnIP]
}

func (f *Interface) queryIndex(index uint32) *HostInfo {
	f.hostsLock.RLock()
	defer f.hostsLock.RUnlock()
	return f.indexes[index]
}

// run starts one reader for each side.
func (f *Interface) run() {
	go f.listenOut()
	go f.listenIn()
}

func (f *Interface) listenOut() {
	b := make([]byte, mtu)
	out := make([]byte, mtu)
	for {
		n, remote, err := f.outside.ReadFrom(b)
		if err != nil {
			return
		}
		f.readOutsidePackets(remote, b[:n], out)
	}
}

func (f *Interface) listenIn() {
	packet := make([]byte, mtu)
	out := make([]byte, mtu)
	for {
		n, err := f.inside.Read(packet)
		if err != nil {
			return
		}
		f.consumeInsidePacket(packet[:n], out)
	}
}

const mtu = 9001
