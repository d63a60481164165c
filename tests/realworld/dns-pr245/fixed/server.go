// DNS server implementation.

package dns

import (
	"errors"
	"net"
	"sync"
	"time"
)

const (
	MinMsgSize = 512
	dnsTimeout = 2 * time.Second
)

// Handler answers one raw DNS query.
type Handler interface {
	ServeDNS(reply func([]byte) error, query []byte)
}

// A Server defines parameters for running an DNS server.
type Server struct {
	// Address to listen on, ":dns" if empty.
	Addr string
	// if "tcp" it will invoke a TCP listener, otherwise an UDP one.
	Net string
	// TCP Listener to use, this is to aid in systemd's socket activation.
	Listener net.Listener
	// UDP "Listener" to use, this is to aid in systemd's socket activation.
	PacketConn net.PacketConn
	// Handler to invoke.
	Handler Handler
	// Default buffer size to use to read incoming UDP messages.
	UDPSize int
	// The net.Conn.SetReadTimeout value for new connections.
	ReadTimeout time.Duration

	// For graceful shutdown.
	stopUDP chan bool
	stopTCP chan bool
	wgUDP   sync.WaitGroup
	wgTCP   sync.WaitGroup

	// make start/shutdown not racy
	lock    sync.Mutex
	started bool
}

// ListenAndServe starts a nameserver on the configured address in *Server.
func (srv *Server) ListenAndServe() error {
	srv.lock.Lock()
	if srv.started {
		srv.lock.Unlock()
		return errors.New("server already started")
	}
	srv.stopUDP, srv.stopTCP = make(chan bool), make(chan bool)
	srv.started = true
	addr := srv.Addr
	if addr == "" {
		addr = ":domain"
	}
	if srv.UDPSize == 0 {
		srv.UDPSize = MinMsgSize
	}
	switch srv.Net {
	case "tcp", "tcp4", "tcp6":
		a, e := net.ResolveTCPAddr(srv.Net, addr)
		if e != nil {
			srv.lock.Unlock()
			return e
		}
		l, e := net.ListenTCP(srv.Net, a)
		if e != nil {
			srv.lock.Unlock()
			return e
		}
		srv.Listener = l
		srv.lock.Unlock()
		return srv.serveTCP(l)
	case "udp", "udp4", "udp6":
		a, e := net.ResolveUDPAddr(srv.Net, addr)
		if e != nil {
			srv.lock.Unlock()
			return e
		}
		l, e := net.ListenUDP(srv.Net, a)
		if e != nil {
			srv.lock.Unlock()
			return e
		}
		srv.PacketConn = l
		srv.lock.Unlock()
		return srv.serveUDP(l)
	}
	srv.lock.Unlock()
	return errors.New("bad network")
}

// ActivateAndServe starts a nameserver with the PacketConn or Listener
// configured in *Server. Its main use is to start a server from systemd.
func (srv *Server) ActivateAndServe() error {
	srv.lock.Lock()
	if srv.started {
		srv.lock.Unlock()
		return errors.New("server already started")
	}
	srv.stopUDP, srv.stopTCP = make(chan bool), make(chan bool)
	srv.started = true
	pConn := srv.PacketConn
	l := srv.Listener
	srv.lock.Unlock()
	if pConn != nil {
		if srv.UDPSize == 0 {
			srv.UDPSize = MinMsgSize
		}
		if t, ok := pConn.(*net.UDPConn); ok {
			return srv.serveUDP(t)
		}
	}
	if l != nil {
		if t, ok := l.(*net.TCPListener); ok {
			return srv.serveTCP(t)
		}
	}
	return errors.New("bad listeners")
}

// Shutdown gracefully shuts down a server. After a call to Shutdown, ListenAndServe and
// ActivateAndServe will return. All in progress queries are completed before the server
// is taken down.
func (srv *Server) Shutdown() error {
	srv.lock.Lock()
	if !srv.started {
		srv.lock.Unlock()
		return errors.New("server not started")
	}
	srv.started = false
	network, addr := srv.Net, srv.Addr
	switch {
	case srv.Listener != nil:
		a := srv.Listener.Addr()
		network, addr = a.Network(), a.String()
	case srv.PacketConn != nil:
		a := srv.PacketConn.LocalAddr()
		network, addr = a.Network(), a.String()
	}
	srv.lock.Unlock()

	fin := make(chan bool)
	switch network {
	case "tcp", "tcp4", "tcp6":
		go func() {
			srv.stopTCP <- true
			srv.wgTCP.Wait()
			fin <- true
		}()
	case "udp", "udp4", "udp6":
		go func() {
			srv.stopUDP <- true
			srv.wgUDP.Wait()
			fin <- true
		}()
	}

	go poke(network, addr) // extra query to help the read loop to pass

	select {
	case <-time.After(srv.getReadTimeout()):
		return errors.New("server shutdown is pending")
	case <-fin:
		return nil
	}
}

// poke sends an empty message so that a blocked read returns.
func poke(network, addr string) {
	c, err := net.DialTimeout(network, addr, dnsTimeout)
	if err != nil {
		return
	}
	defer c.Close()
	_, _ = c.Write([]byte{0, 0})
}

func (srv *Server) getReadTimeout() time.Duration {
	if srv.ReadTimeout != 0 {
		return srv.ReadTimeout
	}
	return dnsTimeout
}

// serveTCP starts a TCP listener for the server.
func (srv *Server) serveTCP(l *net.TCPListener) error {
	defer l.Close()
	for {
		rw, e := l.AcceptTCP()
		if e != nil {
			continue
		}
		m := make([]byte, MinMsgSize)
		_ = rw.SetReadDeadline(time.Now().Add(srv.getReadTimeout()))
		n, e := rw.Read(m)
		select {
		case <-srv.stopTCP:
			rw.Close()
			return nil
		default:
		}
		if e != nil {
			rw.Close()
			continue
		}
		srv.wgTCP.Add(1)
		go func() {
			defer srv.wgTCP.Done()
			defer rw.Close()
			srv.Handler.ServeDNS(func(b []byte) error { _, err := rw.Write(b); return err }, m[:n])
		}()
	}
}

// serveUDP starts a UDP listener for the server.
func (srv *Server) serveUDP(l *net.UDPConn) error {
	defer l.Close()
	for {
		m := make([]byte, srv.UDPSize)
		_ = l.SetReadDeadline(time.Now().Add(srv.getReadTimeout()))
		n, from, e := l.ReadFromUDP(m)
		select {
		case <-srv.stopUDP:
			return nil
		default:
		}
		if e != nil {
			continue
		}
		srv.wgUDP.Add(1)
		go func() {
			defer srv.wgUDP.Done()
			srv.Handler.ServeDNS(func(b []byte) error { _, err := l.WriteToUDP(b, from); return err }, m[:n])
		}()
	}
}
