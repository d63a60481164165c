package fixed

import (
	"errors"
	"sync"
)

type encoded struct {
	id   int
	data []byte
	err  error
}

func encodeOne(id int) ([]byte, error) {
	if id < 0 {
		return nil, errors.New("negative id")
	}
	return []byte{byte(id)}, nil
}

// the close waits for every encoder: deferred calls run last in, first out
func encodeAll(ids []int, workers int) (map[int][]byte, error) {
	jobs := make(chan int, len(ids))
	for _, id := range ids {
		jobs <- id
	}
	close(jobs)
	results := make(chan encoded, len(ids))
	var wg sync.WaitGroup
	defer close(results)
	defer wg.Wait()
	encoder := func(jobs <-chan int, out chan<- encoded) {
		defer wg.Done()
		for id := range jobs {
			data, err := encodeOne(id)
			out <- encoded{id, data, err}
		}
	}
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go encoder(jobs, results)
	}
	got := make(map[int][]byte)
	for range ids {
		r := <-results
		if r.err != nil {
			return nil, r.err
		}
		got[r.id] = r.data
	}
	return got, nil
}

// the buffer holds every result and nobody closes it: the senders never block and never panic
func fetchAll(urls []string, fetch func(string) error) error {
	errs := make(chan error, len(urls))
	for _, u := range urls {
		go func(u string) {
			errs <- fetch(u)
		}(u)
	}
	for range urls {
		if err := <-errs; err != nil {
			return err
		}
	}
	return nil
}
