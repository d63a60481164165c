// Package migrationproxy pipes live-migration traffic between the libvirt
// unix socket in a VMI pod and a TCP connection to the other node.
package migrationproxy

import (
	"fmt"
	"io"
	"log"
	"net"
	"sync"
)

type ProxyManager interface {
	StartTargetListener(key string, targetUnixFile string) error
	GetTargetListenerPort(key string) int
	StopTargetListener(key string)
}

type migrationProxyManager struct {
	targetProxies map[string]*migrationProxy
	managerLock   sync.Mutex
}

type migrationProxy struct {
	tcpBindAddress string
	tcpBindPort    int
	targetAddress  string
	targetProtocol string
	stopChan       chan struct{}
	listenErrChan  chan error
	fdChan         chan net.Conn

	listener net.Listener
}

func NewMigrationProxyManager() ProxyManager {
	return &migrationProxyManager{
		targetProxies: make(map[string]*migrationProxy),
	}
}

func (m *migrationProxyManager) StartTargetListener(key string, targetUnixFile string) error {
	m.managerLock.Lock()
	defer m.managerLock.Unlock()

	if cur, exists := m.targetProxies[key]; exists {
		if cur.targetAddress == targetUnixFile {
			return nil
		}
		// point the proxy somewhere new
		cur.Stop()
	}

	// port 0 picks a random port
	proxy := NewTargetProxy("0.0.0.0", 0, targetUnixFile)
	if err := proxy.Start(); err != nil {
		proxy.Stop()
		return err
	}
	m.targetProxies[key] = proxy
	return nil
}

func (m *migrationProxyManager) GetTargetListenerPort(key string) int {
	m.managerLock.Lock()
	defer m.managerLock.Unlock()

	if cur, exists := m.targetProxies[key]; exists {
		return cur.tcpBindPort
	}
	return 0
}

func (m *migrationProxyManager) StopTargetListener(key string) {
	m.managerLock.Lock()
	defer m.managerLock.Unlock()

	if cur, exists := m.targetProxies[key]; exists {
		cur.Stop()
		delete(m.targetProxies, key)
	}
}

// NewTargetProxy listens on a TCP socket and pipes each connection to the
// libvirtd unix socket of the target pod.
func NewTargetProxy(tcpBindAddress string, tcpBindPort int, libvirtdSocketPath string) *migrationProxy {
	return &migrationProxy{
		tcpBindAddress: tcpBindAddress,
		tcpBindPort:    tcpBindPort,
		targetAddress:  libvirtdSocketPath,
		targetProtocol: "unix",
		stopChan:       make(chan struct{}),
		fdChan:         make(chan net.Conn, 1),
		listenErrChan:  make(chan error, 1),
	}
}

func (m *migrationProxy) createTcpListener() error {
	listener, err := net.Listen("tcp", fmt.Sprintf("%s:%d", m.tcpBindAddress, m.tcpBindPort))
	if err != nil {
		return err
	}
	if m.tcpBindPort == 0 {
		m.tcpBindPort = listener.Addr().(*net.TCPAddr).Port
	}
	m.listener = listener
	return nil
}

func (m *migrationProxy) Stop() {
	close(m.stopChan)
	if m.listener != nil {
		m.listener.Close()
	}
}

func (m *migrationProxy) handleConnection(fd net.Conn) {
	defer fd.Close()

	outBoundErr := make(chan error, 1)
	inBoundErr := make(chan error, 1)

	conn, err := net.Dial(m.targetProtocol, m.targetAddress)
	if err != nil {
		log.Printf("unable to create outbound leg of proxy to %s: %v", m.targetAddress, err)
		return
	}

	go func() {
		// from the outbound connection to the proxy
		n, err := io.Copy(fd, conn)
		log.Printf("%d bytes copied outbound to inbound", n)
		inBoundErr <- err
	}()
	go func() {
		// from the proxy to the outbound connection
		n, err := io.Copy(conn, fd)
		log.Printf("%d bytes copied inbound to outbound", n)
		outBoundErr <- err
	}()

	select {
	case err = <-outBoundErr:
		if err != nil {
			log.Printf("error copying data to outbound connection: %v", err)
		}
	case err = <-inBoundErr:
		if err != nil {
			log.Printf("error copying data into inbound connection: %v", err)
		}
	case <-m.stopChan:
		log.Printf("stop channel terminated proxy")
	}
}

func (m *migrationProxy) Start() error {
	if err := m.createTcpListener(); err != nil {
		return err
	}

	go func(ln net.Listener, fdChan chan net.Conn, listenErr chan error) {
		for {
			fd, err := ln.Accept()
			if err != nil {
				listenErr <- err
				break
			}
			fdChan <- fd
		}
	}(m.listener, m.fdChan, m.listenErrChan)

	go func(m *migrationProxy) {
		for {
			select {
			case fd := <-m.fdChan:
				go m.handleConnection(fd)
			case <-m.stopChan:
				return
			case <-m.listenErrChan:
				return
			}
		}
	}(m)

	return nil
}
