package buggy

import "net"

// Hub serves every connection against one shared registry.
type Hub struct {
	ln      net.Listener
	streams map[uint64]string
}

func (h *Hub) listen() {
	for {
		conn, err := h.ln.Accept()
		if err != nil {
			return
		}
		go h.serve(conn)
	}
}

func (h *Hub) serve(conn net.Conn) {
	defer conn.Close()
	var seq uint64
	for {
		seq++
		h.record(seq)
	}
}

func (h *Hub) record(seq uint64) {
	h.streams[seq] = "stream" // want "map-concurrent-write: fatal error: concurrent map (writes|read and map write)"
}
