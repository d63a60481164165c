package sshproxy

import (
	"log"
	"net"
	"sync"
)

type SshPeer struct {
	phase      string
	sshConn    net.Conn
	done       chan bool
	terminated string
	mutex      sync.Mutex
	inbounds   map[string]net.Listener
}

func NewSshPeer(phase string, conn net.Conn) *SshPeer {
	peer := &SshPeer{phase: phase, sshConn: conn, done: make(chan bool), inbounds: map[string]net.Listener{}}
	go peer.watchConn()
	return peer
}

func (peer *SshPeer) watchConn() {
	buf := make([]byte, 1)
	if _, err := peer.sshConn.Read(buf); err != nil {
		peer.Close("connection read failed")
	}
}

func (peer *SshPeer) AddInbound(name string, l net.Listener) {
	peer.mutex.Lock()
	peer.inbounds[name] = l
	peer.mutex.Unlock()
	go func() {
		if _, err := l.Accept(); err != nil {
			peer.Close("inbound " + name)
		}
	}()
}

func (peer *SshPeer) Close(who string) {
	peer.mutex.Lock()
	defer peer.mutex.Unlock()

	if peer.terminated == "" {
		log.Printf("%s phase: peer done by >>> %s <<<", peer.phase, who)
		peer.terminated = who
		peer.sshConn.Close()
		close(peer.done)
	}
}

func (peer *SshPeer) Wait() { <-peer.done }
