package meter

import "testing"

func TestCount(t *testing.T) {
	if got := Count(8); got < 1 {
		t.Fatalf("Count = %d", got)
	}
}
