package leaky

import "testing"

func TestSum(t *testing.T) {
	ch := make(chan int)
	go func() {
		ch <- 1
	}()
	First([]int{1, 2, 3})
	if Sum(ch) != 1 {
		t.Fatal("wrong sum")
	}
}
