package ok

import (
	"net"
	"sync"
)

// Client is one connection's state; only that connection's goroutine uses it.
type Client struct {
	conn    net.Conn
	streams map[uint64]string
}

// IPC accepts clients and serves each on its own goroutine.
type IPC struct {
	mu      sync.Mutex
	clients map[string]*Client
	ln      net.Listener
}

// NewIPC starts listening at once.
func NewIPC(ln net.Listener) *IPC {
	i := &IPC{ln: ln, clients: map[string]*Client{}}
	go i.listen()
	return i
}

func (i *IPC) listen() {
	for {
		conn, err := i.ln.Accept()
		if err != nil {
			return
		}
		client := &Client{conn: conn, streams: map[uint64]string{}}
		i.mu.Lock()
		i.clients[conn.RemoteAddr().String()] = client
		i.mu.Unlock()
		go i.handleClient(client)
	}
}

func (i *IPC) handleClient(client *Client) {
	defer i.deregister(client)
	var seq uint64
	for {
		seq++
		if err := i.handleStream(client, seq); err != nil {
			return
		}
	}
}

// shape: the map of one client, passed down from the goroutine that serves it
func (i *IPC) handleStream(client *Client, seq uint64) error {
	if _, ok := client.streams[seq]; ok {
		return nil
	}
	client.streams[seq] = "stream"
	return nil
}

func (i *IPC) deregister(client *Client) {
	client.conn.Close()
	for seq := range client.streams {
		delete(client.streams, seq)
	}
}
