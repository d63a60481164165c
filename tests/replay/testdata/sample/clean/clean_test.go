package clean

import "testing"

func TestCount(t *testing.T) {
	if got := Count(8); got != 8 {
		t.Fatalf("Count = %d", got)
	}
}
