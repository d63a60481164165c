package traversal

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"sort"
	"sync"
	"time"
)

const (
	msgOK    = "OK"
	msgOKACK = "OK_ACK"
)

// PingConfig holds the timings of the NAT pinger.
type PingConfig struct {
	Interval            time.Duration
	Timeout             time.Duration
	SendConnACKInterval time.Duration
}

// Pinger punches holes towards a remote peer.
type Pinger struct {
	pingConfig *PingConfig
	stop       chan struct{}
	once       sync.Once
}

// NewPinger returns a Pinger.
func NewPinger(cfg *PingConfig) *Pinger {
	return &Pinger{pingConfig: cfg, stop: make(chan struct{})}
}

// Stop stops the pinger.
func (p *Pinger) Stop() {
	p.once.Do(func() { close(p.stop) })
}

type pingResponse struct {
	conn *net.UDPConn
	err  error
	id   int
}

// PingProviderPeer pings the peer and waits for it to confirm, on every
// connection, that it uses that connection too. It returns n connections.
func (p *Pinger) PingProviderPeer(ctx context.Context, ip string, localPorts, remotePorts []int, n int) ([]*net.UDPConn, error) {
	ctx, cancel := context.WithTimeout(ctx, p.pingConfig.Timeout)
	defer cancel()

	ch, err := p.multiPingN(ip, localPorts, remotePorts)
	if err != nil {
		return nil, err
	}

	pingsCh := make(chan pingResponse, n)
	go func() {
		for res := range ch {
			if res.err != nil {
				log.Printf("one of the pings failed: %v", res.err)
				continue
			}
			sendMsg(res.conn, msgOK)

			// Wait for the peer to say it uses this connection too.
			go func(ping pingResponse) {
				if err := waitMsg(ctx, ping.conn, msgOK); err != nil {
					if !errors.Is(err, context.Canceled) {
						log.Printf("waiting for conn OK from provider: %v", err)
					}
					return
				}
				sendMsg(ping.conn, msgOKACK)
				pingsCh <- ping
			}(res)
		}
	}()

	var pings []pingResponse
	for {
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("ping failed: %w", ctx.Err())
		case ping := <-pingsCh:
			pings = append(pings, ping)
			if len(pings) == n {
				return sortedConns(pings), nil
			}
		}
	}
}

// waitMsg waits until conn receives the given message or ctx ends.
func waitMsg(ctx context.Context, conn *net.UDPConn, msg string) error {
	ok := make(chan struct{}, 1)
	go func() {
		buf := make([]byte, 1024)
		for {
			n, err := conn.Read(buf)
			if err != nil {
				return
			}
			if string(buf[:n]) == msg {
				ok <- struct{}{}
				return
			}
		}
	}()

	select {
	case <-ok:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("timeout waiting for %q msg: %w", msg, ctx.Err())
	}
}

func sendMsg(conn *net.UDPConn, msg string) {
	_, _ = conn.Write([]byte(msg))
}

func sortedConns(pings []pingResponse) []*net.UDPConn {
	sort.Slice(pings, func(i, j int) bool { return pings[i].id < pings[j].id })
	conns := make([]*net.UDPConn, 0, len(pings))
	for _, p := range pings {
		conns = append(conns, p.conn)
	}
	return conns
}

// multiPingN opens one connection per port pair and reports each on the
// returned channel.
func (p *Pinger) multiPingN(ip string, localPorts, remotePorts []int) (<-chan pingResponse, error) {
	if len(localPorts) != len(remotePorts) {
		return nil, errors.New("number of local and remote ports does not match")
	}
	var wg sync.WaitGroup
	ch := make(chan pingResponse, len(localPorts))
	for i := range localPorts {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			raddr := &net.UDPAddr{IP: net.ParseIP(ip), Port: remotePorts[i]}
			conn, err := net.DialUDP("udp4", &net.UDPAddr{Port: localPorts[i]}, raddr)
			ch <- pingResponse{conn: conn, err: err, id: i}
		}(i)
	}
	go func() { wg.Wait(); close(ch) }()
	return ch, nil
}
