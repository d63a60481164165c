// Package pool spreads requests over connections to several Tarantool
// instances, by the role each instance has.
package pool

import (
	"errors"
	"sync"
	"time"

	"example.com/go-tarantool-pr312/tarantool"
)

// Mode says which instances a request may go to.
type Mode int

const (
	ANY Mode = iota // any instance
	RW              // writable instances only
	RO              // read-only instances only
	PreferRW
)

var (
	ErrEmptyAddrs     = errors.New("addrs should not be empty")
	ErrNoConnection   = errors.New("no active connections")
	ErrNoRwInstance   = errors.New("can't find rw instance in pool")
	ErrNoRoInstance   = errors.New("can't find ro instance in pool")
	ErrUnknownRequest = errors.New("unknown mode")
)

// ConnectionPool keeps one connection per instance and sorts them into
// round-robin sets by role. Its methods are safe for concurrent use.
type ConnectionPool struct {
	addrs         []string
	checkInterval time.Duration

	anyPool *RoundRobinStrategy
	rwPool  *RoundRobinStrategy
	roPool  *RoundRobinStrategy

	control chan struct{}
	wg      sync.WaitGroup
}

// Connect connects to every address and starts the goroutine that watches
// the instances' roles.
func Connect(addrs []string, checkInterval time.Duration) (*ConnectionPool, error) {
	if len(addrs) == 0 {
		return nil, ErrEmptyAddrs
	}
	p := &ConnectionPool{
		addrs:         addrs,
		checkInterval: checkInterval,
		anyPool:       NewEmptyRoundRobin(len(addrs)),
		rwPool:        NewEmptyRoundRobin(len(addrs)),
		roPool:        NewEmptyRoundRobin(len(addrs)),
		control:       make(chan struct{}),
	}
	for _, addr := range addrs {
		conn, err := tarantool.Connect(addr, time.Second)
		if err != nil {
			continue
		}
		if !p.place(addr, conn) {
			conn.Close()
		}
	}
	if p.anyPool.IsEmpty() {
		return nil, ErrNoConnection
	}
	p.wg.Add(1)
	go p.checker()
	return p, nil
}

// Eval runs expr on an instance chosen by mode.
func (p *ConnectionPool) Eval(expr string, mode Mode) ([]byte, error) {
	conn, err := p.getNextConnection(mode)
	if err != nil {
		return nil, err
	}
	return conn.Eval(expr)
}

func (p *ConnectionPool) Close() {
	close(p.control)
	p.wg.Wait()
	for _, conn := range p.anyPool.GetConnections() {
		conn.Close()
	}
}

func isReadOnly(conn *tarantool.Connection) (bool, error) {
	data, err := conn.Eval("return box.info().ro")
	if err != nil {
		return false, err
	}
	return string(data) == "true", nil
}

// place puts a connection into the sets its instance's role calls for; it
// reports false when the role could not be read.
func (p *ConnectionPool) place(addr string, conn *tarantool.Connection) bool {
	ro, err := isReadOnly(conn)
	if err != nil {
		return false
	}
	p.anyPool.AddConn(addr, conn)
	if ro {
		p.rwPool.DeleteConnByAddr(addr)
		p.roPool.AddConn(addr, conn)
	} else {
		p.roPool.DeleteConnByAddr(addr)
		p.rwPool.AddConn(addr, conn)
	}
	return true
}

// checker re-reads every instance's role, so that a failover moves its
// connection to the right set.
func (p *ConnectionPool) checker() {
	defer p.wg.Done()
	ticker := time.NewTicker(p.checkInterval)
	defer ticker.Stop()
	for {
		select {
		case <-p.control:
			return
		case <-ticker.C:
			for _, addr := range p.addrs {
				conn := p.anyPool.GetConnByAddr(addr)
				if conn == nil || !conn.ConnectedNow() {
					p.anyPool.DeleteConnByAddr(addr)
					p.rwPool.DeleteConnByAddr(addr)
					p.roPool.DeleteConnByAddr(addr)
					continue
				}
				p.place(addr, conn)
			}
		}
	}
}

func (p *ConnectionPool) getNextConnection(mode Mode) (*tarantool.Connection, error) {
	switch mode {
	case ANY:
		if conn := p.anyPool.GetNextConnection(); conn != nil {
			return conn, nil
		}
		return nil, ErrNoConnection
	case RW:
		if conn := p.rwPool.GetNextConnection(); conn != nil {
			return conn, nil
		}
		return nil, ErrNoRwInstance
	case RO:
		if conn := p.roPool.GetNextConnection(); conn != nil {
			return conn, nil
		}
		return nil, ErrNoRoInstance
	case PreferRW:
		if conn := p.rwPool.GetNextConnection(); conn != nil {
			return conn, nil
		}
		if conn := p.roPool.GetNextConnection(); conn != nil {
			return conn, nil
		}
		return nil, ErrNoConnection
	}
	return nil, ErrUnknownRequest
}
