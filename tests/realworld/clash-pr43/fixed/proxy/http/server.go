package http

import (
	"bufio"
	"log"
	"net"
	"net/http"
	"strings"

	"example.com/clash-pr43/tunnel"
)

var tun = tunnel.Instance()

// NewHttpProxy listens on addr and serves HTTP proxy requests until a value
// is sent on the returned done channel; closed is signalled once the
// listener is shut.
func NewHttpProxy(addr string) (chan<- struct{}, <-chan struct{}, error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, nil, err
	}

	done := make(chan struct{})
	closed := make(chan struct{})

	go func() {
		log.Printf("HTTP proxy listening at: %s", addr)
		for {
			c, err := l.Accept()
			if err != nil {
				if _, open := <-done; !open {
					break
				}
				continue
			}
			go handleConn(c)
		}
	}()

	go func() {
		<-done
		close(done)
		l.Close()
		closed <- struct{}{}
	}()

	return done, closed, nil
}

func handleConn(conn net.Conn) {
	br := bufio.NewReader(conn)
	request, err := http.ReadRequest(br)
	if err != nil {
		conn.Close()
		return
	}

	host := request.Host
	if !strings.Contains(host, ":") {
		host += ":80"
	}
	if request.Method == http.MethodConnect {
		if _, err := conn.Write([]byte("HTTP/1.1 200 Connection established\r\n\r\n")); err != nil {
			conn.Close()
			return
		}
	}
	tun.Add(conn, host)
}
