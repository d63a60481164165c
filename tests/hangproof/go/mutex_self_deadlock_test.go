package hangproof

// hangproof: mutex-self-deadlock

import "testing"

// Cache.Get holds c.mu and calls c.Put, which locks c.mu again.
func TestGet(t *testing.T) {
	c := &Cache{items: map[string]int{}}
	if got := c.Get("abc"); got != 3 {
		t.Fatalf("Get = %d, want 3", got)
	}
}

// Store.Flush holds s.mu.Lock and reaches s.Len (RLock) through s.compact.
func TestFlush(t *testing.T) {
	s := &Store{data: map[string]string{"a": "", "b": "x"}}
	if got := s.Flush(); got != 1 {
		t.Fatalf("Flush = %d, want 1", got)
	}
}

// Register holds the package-level regMu and calls Registered, which locks it again.
func TestRegister(t *testing.T) {
	if !Register("svc") {
		t.Fatal("first Register should succeed")
	}
}
