package hangproof

// hangproof: waitgroup-done-missing

import "testing"

// The empty key makes load fail: that goroutine returns without wg.Done and Wait never returns.
func TestLoadAll(t *testing.T) {
	if got := LoadAll([]string{"ab", ""}); len(got) != 1 {
		t.Fatalf("LoadAll = %v, want one value", got)
	}
}
