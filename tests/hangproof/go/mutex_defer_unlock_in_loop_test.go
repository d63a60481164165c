package hangproof

// hangproof: mutex-defer-unlock-in-loop

import "testing"

// The deferred Unlock runs only when PutAll returns: the second iteration's Lock waits forever.
func TestPutAll(t *testing.T) {
	s := &Store{data: map[string]int{}}
	s.PutAll(map[string]int{"a": 1, "b": 2})
	if len(s.data) != 2 {
		t.Fatalf("data = %v", s.data)
	}
}
