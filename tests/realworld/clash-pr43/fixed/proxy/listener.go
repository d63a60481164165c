// Package proxy starts, moves and stops the inbound proxy listeners when the
// configuration changes.
package proxy

import (
	"fmt"
	"net"
	"strconv"

	"example.com/clash-pr43/proxy/http"
	"example.com/clash-pr43/proxy/socks"
)

var (
	allowLan = false

	socksListener *listener
	httpListener  *listener
)

type listener struct {
	Address string
	Done    chan<- struct{}
	Closed  <-chan struct{}
}

func AllowLan() bool {
	return allowLan
}

func SetAllowLan(al bool) {
	allowLan = al
}

// ReCreateHTTP moves the HTTP proxy to port, stopping the old listener.
func ReCreateHTTP(port int) error {
	addr := genAddr(port, allowLan)

	if httpListener != nil {
		if httpListener.Address == addr {
			return nil
		}
		httpListener.Done <- struct{}{}
		<-httpListener.Closed
		httpListener = nil
	}

	if portIsZero(addr) {
		return nil
	}

	done, closed, err := http.NewHttpProxy(addr)
	if err != nil {
		return err
	}

	httpListener = &listener{Address: addr, Done: done, Closed: closed}
	return nil
}

// ReCreateSocks moves the SOCKS proxy to port, stopping the old listener.
func ReCreateSocks(port int) error {
	addr := genAddr(port, allowLan)

	if socksListener != nil {
		if socksListener.Address == addr {
			return nil
		}
		socksListener.Done <- struct{}{}
		<-socksListener.Closed
		socksListener = nil
	}

	if portIsZero(addr) {
		return nil
	}

	done, closed, err := socks.NewSocksProxy(addr)
	if err != nil {
		return err
	}

	socksListener = &listener{Address: addr, Done: done, Closed: closed}
	return nil
}

func portIsZero(addr string) bool {
	_, port, err := net.SplitHostPort(addr)
	if port == "0" || port == "" || err != nil {
		return true
	}
	return false
}

func genAddr(port int, allowLan bool) string {
	if allowLan {
		return fmt.Sprintf(":%d", port)
	}
	return "127.0.0.1:" + strconv.Itoa(port)
}
