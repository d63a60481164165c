package buggy

import "sync"

type dirNode struct {
	childMu  sync.Mutex
	children map[string]*dirNode
}

func (n *dirNode) eachChild(fn func(*dirNode)) {
	n.childMu.Lock()
	defer n.childMu.Unlock()
	for _, c := range n.children {
		fn(c) // want "mutex-self-deadlock: blocks forever"
	}
}

// The callback asks the parent, not the child: the parent's lock is taken again.
func (n *dirNode) sizes() []int {
	var out []int
	n.eachChild(func(c *dirNode) {
		out = append(out, n.childCount())
	})
	return out
}

func (n *dirNode) childCount() int {
	n.childMu.Lock()
	defer n.childMu.Unlock()
	return len(n.children)
}
