package ok

import "sync"

// treeNode is plain data: the tree that owns it locks it.
type treeNode struct {
	name  string
	child map[string]treeNode
}

func (nd treeNode) get(name string) (treeNode, bool) {
	c, ok := nd.child[name]
	return c, ok
}

func (nd treeNode) add(name string) treeNode {
	c := treeNode{name: name, child: map[string]treeNode{}}
	nd.child[name] = c
	return c
}

func (nd treeNode) del(name string) {
	delete(nd.child, name)
}

func (nd treeNode) walk(fn func(treeNode) error) error {
	for _, c := range nd.child {
		if err := fn(c); err != nil {
			return err
		}
	}
	return nil
}

// shape: two tree types, each locking the nodes it owns with its own lock; one runs a
// goroutine, the other is driven by its callers: two owners' nodes are never one map
type flatTree struct {
	rw   sync.RWMutex
	root treeNode
	ops  chan string
}

func newFlatTree() *flatTree {
	t := &flatTree{root: treeNode{child: map[string]treeNode{}}, ops: make(chan string)}
	go t.run()
	return t
}

func (t *flatTree) run() {
	for name := range t.ops {
		t.rw.Lock()
		if _, ok := t.root.get(name); ok {
			t.root.del(name)
		} else {
			t.root.add(name)
		}
		t.rw.Unlock()
	}
}

type deepTree struct {
	rw   sync.RWMutex
	root treeNode
}

func (t *deepTree) Watch(name string) {
	t.rw.Lock()
	defer t.rw.Unlock()
	if _, ok := t.root.get(name); !ok {
		t.root.add(name)
	}
}

// shape: a callback written before the lock is taken and run by the walk under it
func (t *deepTree) Stop() int {
	n := 0
	count := func(nd treeNode) error {
		n += len(nd.child)
		nd.del("stale")
		return nil
	}
	t.rw.Lock()
	_ = t.root.walk(count)
	t.rw.Unlock()
	return n
}
