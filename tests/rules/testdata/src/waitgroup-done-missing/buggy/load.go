package buggy

import (
	"errors"
	"sync"
)

var errEmpty = errors.New("empty")

func load(k string) (int, error) {
	if k == "" {
		return 0, errEmpty
	}
	return len(k), nil
}

// shape: an error return inside the goroutine skips Done
func LoadAll(keys []string) []int {
	var wg sync.WaitGroup
	out := make(chan int, len(keys))
	for _, k := range keys {
		wg.Add(1)
		go func() {
			v, err := load(k)
			if err != nil {
				return // want "waitgroup-done-missing: blocks forever"
			}
			out <- v
			wg.Done()
		}()
	}
	wg.Wait()
	close(out)
	var res []int
	for v := range out {
		res = append(res, v)
	}
	return res
}
