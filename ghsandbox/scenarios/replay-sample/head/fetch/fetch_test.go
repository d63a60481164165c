package fetch

import "testing"

func TestFirstThenDrain(t *testing.T) {
	answers := make(chan int)
	go func() {
		answers <- 1
	}()
	First([]int{1, 2, 3})
	if Drain(answers) != 1 {
		t.Fatal("wrong total")
	}
}
