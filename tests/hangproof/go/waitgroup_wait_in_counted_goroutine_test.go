package hangproof

// hangproof: waitgroup-wait-in-counted-goroutine

import "testing"

// stage waits on the group that counts it, so it never closes out and Stage's range never ends.
func TestStage(t *testing.T) {
	if got := Stage([]int{1, 2, 3}); len(got) != 3 {
		t.Fatalf("Stage = %v, want 3 values", got)
	}
}
