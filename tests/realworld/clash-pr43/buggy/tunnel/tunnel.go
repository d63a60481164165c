// Package tunnel takes the connections the inbound proxies accept and relays
// them to their destination.
package tunnel

import (
	"io"
	"log"
	"net"
	"time"
)

// Tunnel relays accepted connections to where they asked to go.
type Tunnel struct {
	dialTimeout time.Duration
}

var instance = &Tunnel{dialTimeout: 5 * time.Second}

// Instance returns the process-wide tunnel.
func Instance() *Tunnel {
	return instance
}

// Add relays conn to target in the background.
func (t *Tunnel) Add(conn net.Conn, target string) {
	go t.relay(conn, target)
}

func (t *Tunnel) relay(conn net.Conn, target string) {
	defer conn.Close()
	remote, err := net.DialTimeout("tcp", target, t.dialTimeout)
	if err != nil {
		log.Printf("dial %s: %v", target, err)
		return
	}
	defer remote.Close()
	go func() {
		_, _ = io.Copy(remote, conn)
		remote.Close()
	}()
	_, _ = io.Copy(conn, remote)
}
