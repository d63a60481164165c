package hangproof

// hangproof: chan-self-deadlock

import "testing"

// Store.Snapshot sends on its unbuffered reply channel before it receives from it.
func TestSnapshot(t *testing.T) {
	s := NewStore()
	s.data["a"] = 1
	if got := s.Snapshot(); got["a"] != 1 {
		t.Fatalf("Snapshot = %v, want a=1", got)
	}
}

// Store.CountWords waits for its senders before draining the unbuffered channel.
func TestCountWords(t *testing.T) {
	s := NewStore()
	if got := s.CountWords([]string{"a b", "c d e"}); got != 5 {
		t.Fatalf("CountWords = %d, want 5", got)
	}
}

// Store.LoadAll checks g.Wait() before collecting what the group's functions send.
func TestLoadAll(t *testing.T) {
	s := NewStore()
	s.data["k"] = 7
	got, err := s.LoadAll([]string{"k", "missing"})
	if err != nil || got["k"] != 7 {
		t.Fatalf("LoadAll = %v, %v", got, err)
	}
}
