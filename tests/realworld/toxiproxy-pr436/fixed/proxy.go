package toxiproxy

import (
	"log"
	"net"
)

// Proxy forwards the connections accepted on Listen to Upstream through the
// toxics of its collection.
type Proxy struct {
	Name     string
	Listen   string
	Upstream string
	Toxics   *ToxicCollection
}

func NewProxy(name, listen, upstream string) *Proxy {
	return &Proxy{Name: name, Listen: listen, Upstream: upstream, Toxics: NewToxicCollection()}
}

// Serve accepts client connections until the listener fails.
func (p *Proxy) Serve(ln net.Listener) {
	for {
		client, err := ln.Accept()
		if err != nil {
			log.Printf("proxy %s: accept: %v", p.Name, err)
			return
		}
		upstream, err := net.Dial("tcp", p.Upstream)
		if err != nil {
			log.Printf("proxy %s: upstream: %v", p.Name, err)
			client.Close()
			continue
		}
		name := client.RemoteAddr().String()
		p.Toxics.StartLink(name+"upstream", client, upstream, Upstream)
		p.Toxics.StartLink(name+"downstream", upstream, client, Downstream)
	}
}
