package tally

import "testing"

func TestWords(t *testing.T) {
	got := Words([]string{"a", "b"})
	if len(got) == 0 {
		t.Fatal("no words")
	}
}
