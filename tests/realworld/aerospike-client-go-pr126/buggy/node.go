package aerospike

import (
	"net"
	"sync/atomic"
	"time"
)

// Node is one server of the cluster.
type Node struct {
	name   string
	host   string
	active atomic.Bool
}

func newNode(name, host string) *Node {
	n := &Node{name: name, host: host}
	n.active.Store(true)
	return n
}

// Refresh asks the node for its peers; it returns the hosts it learnt about.
func (n *Node) Refresh(timeout time.Duration) ([]string, error) {
	conn, err := net.DialTimeout("tcp", n.host, timeout)
	if err != nil {
		n.active.Store(false)
		return nil, err
	}
	defer conn.Close()
	return nil, nil
}

// IsActive reports whether the last refresh reached the node.
func (n *Node) IsActive() bool {
	return n.active.Load()
}

// Close marks the node inactive.
func (n *Node) Close() {
	n.active.Store(false)
}
