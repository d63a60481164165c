// Package refs counts references to shared nodes for callers that share them across goroutines.
package refs

import "sync/atomic"

// Node is shared by reference; Retain and Release may run on any goroutine.
type Node struct {
	refCount int32
	value    string
}

func (n *Node) Retain() { atomic.AddInt32(&n.refCount, 1) }

func (n *Node) Release() bool { return atomic.AddInt32(&n.refCount, -1) == 0 }

// New returns a node with one reference, its creator's.
func New(v string) *Node { return &Node{refCount: 1, value: v} }
