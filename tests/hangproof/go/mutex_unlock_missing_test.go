package hangproof

// hangproof: mutex-unlock-missing

import "testing"

// Take of a missing key returns with c.mu held; the next Take blocks forever.
func TestTakeTwice(t *testing.T) {
	c := &Cache{items: map[string]int{"a": 1}}
	if _, ok := c.Take("missing"); ok {
		t.Fatal("missing key found")
	}
	if v, ok := c.Take("a"); !ok || v != 1 {
		t.Fatalf("Take(a) = %d, %v", v, ok)
	}
}
