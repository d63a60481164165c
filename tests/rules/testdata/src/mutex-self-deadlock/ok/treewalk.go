package ok

import "sync"

// dirNode's children each have their own lock; a walk holds a parent's lock while it visits
// the children, which lock themselves in turn (parents before children).
type dirNode struct {
	childMu  sync.Mutex
	children map[string]*dirNode
	renamed  bool
}

func (n *dirNode) eachChild(fn func(*dirNode)) {
	n.childMu.Lock()
	defer n.childMu.Unlock()
	for _, c := range n.children {
		fn(c)
	}
}

func markRenamed(n *dirNode) {
	n.renamed = true
	n.eachChild(func(c *dirNode) {
		markRenamed(c)
	})
}

func (n *dirNode) countAll() int {
	total := 1
	n.eachChild(func(c *dirNode) {
		total += c.countAll()
	})
	return total
}
