package nebula

import (
	"encoding/binary"
	"sync/atomic"
)

const (
	message   uint8 = 1
	testReply uint8 = 2
)

// consumeInsidePacket sends a packet read from the tun device to its host.
func (f *Interface) consumeInsidePacket(packet []byte, out []byte) {
	if len(packet) < 20 {
		return
	}
	dst := binary.BigEndian.Uint32(packet[16:20])
	hostinfo := f.queryVpnIP(dst)
	if hostinfo == nil {
		return
	}
	ci := hostinfo.ConnectionState
	if !ci.ready {
		return
	}

	f.sendNoMetrics(message, ci, hostinfo, hostinfo.remote, packet, out)
	if f.lightHouse != nil && *ci.messageCounter%5000 == 0 {
		f.lightHouse.Query(dst, f)
	}
}

func (f *Interface) send(t uint8, ci *ConnectionState, hostinfo *HostInfo, remote string, p, out []byte) {
	f.sendNoMetrics(t, ci, hostinfo, remote, p, out)
}

func (f *Interface) sendNoMetrics(t uint8, ci *ConnectionState, hostinfo *HostInfo, remote string, p, out []byte) {
	c := atomic.AddUint64(ci.messageCounter, 1)

	out = out[:0]
	out = append(out, t)
	out = binary.BigEndian.AppendUint32(out, hostinfo.remoteIndexID)
	out = binary.BigEndian.AppendUint64(out, c)
	out = append(out, p...)

	_ = f.outside.WriteTo(out, remote)
}
