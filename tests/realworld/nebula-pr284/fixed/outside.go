package nebula

import "encoding/binary"

const testRequest uint8 = 3

// readOutsidePackets handles a packet read from the outside socket.
func (f *Interface) readOutsidePackets(remote string, packet []byte, out []byte) {
	if len(packet) < 13 {
		return
	}
	t := packet[0]
	index := binary.BigEndian.Uint32(packet[1:5])
	hostinfo := f.queryIndex(index)
	if hostinfo == nil {
		return
	}

	switch t {
	case testRequest:
		// Answer a tunnel test from the remote host.
		f.send(testReply, hostinfo.ConnectionState, hostinfo, remote, packet[13:], out)
	}
}
