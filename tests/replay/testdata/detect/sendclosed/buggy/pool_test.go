package pool

import "testing"

func TestSquares(t *testing.T) {
	if got := Squares(8); len(got) != 4 {
		t.Fatalf("Squares = %v", got)
	}
}
