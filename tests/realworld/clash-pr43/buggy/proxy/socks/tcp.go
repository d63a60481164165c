package socks

import (
	"encoding/binary"
	"errors"
	"io"
	"log"
	"net"
	"strconv"

	"example.com/clash-pr43/tunnel"
)

var tun = tunnel.Instance()

// NewSocksProxy listens on addr and serves SOCKS5 clients until a value is
// sent on the returned done channel; closed is signalled once the listener
// is shut.
func NewSocksProxy(addr string) (chan<- struct{}, <-chan struct{}, error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, nil, err
	}

	done := make(chan struct{})
	closed := make(chan struct{})

	go func() {
		log.Printf("SOCKS proxy listening at: %s", addr)
		for {
			c, err := l.Accept()
			if err != nil {
				if _, open := <-done; !open {
					break
				}
				continue
			}
			go handleSocks(c)
		}
	}()

	go func() {
		<-done
		l.Close()
		closed <- struct{}{}
	}()

	return done, closed, nil
}

func handleSocks(conn net.Conn) {
	target, err := handshake(conn)
	if err != nil {
		conn.Close()
		return
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		tcp.SetKeepAlive(true)
	}
	tun.Add(conn, target)
}

// handshake runs the no-auth SOCKS5 CONNECT handshake and returns the target.
func handshake(rw io.ReadWriter) (string, error) {
	buf := make([]byte, 262)
	if _, err := io.ReadFull(rw, buf[:2]); err != nil {
		return "", err
	}
	if _, err := io.ReadFull(rw, buf[:buf[1]]); err != nil {
		return "", err
	}
	if _, err := rw.Write([]byte{5, 0}); err != nil {
		return "", err
	}
	if _, err := io.ReadFull(rw, buf[:4]); err != nil {
		return "", err
	}
	if buf[1] != 1 {
		return "", errors.New("only CONNECT is supported")
	}
	var host string
	switch buf[3] {
	case 1:
		if _, err := io.ReadFull(rw, buf[:4]); err != nil {
			return "", err
		}
		host = net.IP(buf[:4]).String()
	case 3:
		if _, err := io.ReadFull(rw, buf[:1]); err != nil {
			return "", err
		}
		n := int(buf[0])
		if _, err := io.ReadFull(rw, buf[:n]); err != nil {
			return "", err
		}
		host = string(buf[:n])
	default:
		return "", errors.New("unsupported address type")
	}
	if _, err := io.ReadFull(rw, buf[:2]); err != nil {
		return "", err
	}
	port := binary.BigEndian.Uint16(buf[:2])
	if _, err := rw.Write([]byte{5, 0, 0, 1, 0, 0, 0, 0, 0, 0}); err != nil {
		return "", err
	}
	return net.JoinHostPort(host, strconv.Itoa(int(port))), nil
}
