package refs

import "testing"

// shape: a test helper reads the count plainly, but neither the tests nor the package start a goroutine
func dump(t *testing.T, n *Node) {
	t.Logf("%s (refs: %d)", n.value, n.refCount)
}

func TestRetainRelease(t *testing.T) {
	n := New("x")
	n.Retain()
	n.Release()
	dump(t, n)
}
