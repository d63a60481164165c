package ok

import "sync"

// shape: the only producer closes the channel with defer close
func squares(nums []int) []int {
	out := make(chan int)
	go func() {
		defer close(out)
		for _, n := range nums {
			out <- n * n
		}
	}()
	var res []int
	for v := range out {
		res = append(res, v)
	}
	return res
}

// shape: several producers, a closer goroutine waits for them and closes
func fanIn(parts [][]int) int {
	out := make(chan int)
	var wg sync.WaitGroup
	for _, p := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, v := range p {
				out <- v
			}
		}()
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	total := 0
	for v := range out {
		total += v
	}
	return total
}

// shape: a counting consumer that breaks after the known number of values
func firstN(n int, gen func() int) []int {
	ch := make(chan int, n)
	for i := 0; i < n; i++ {
		go func() { ch <- gen() }()
	}
	var res []int
	for v := range ch {
		res = append(res, v)
		if len(res) == n {
			break
		}
	}
	return res
}

// shape: the channel is handed to a producer in another file, which closes it
func lines(text []string) []string {
	ch := make(chan string)
	go produce(text, ch)
	var res []string
	for l := range ch {
		res = append(res, l)
	}
	return res
}
