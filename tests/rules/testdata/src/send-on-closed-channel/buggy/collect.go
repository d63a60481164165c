package buggy

import "errors"

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

// shape: workers started through a local send their results; the collector returns at the
// first error and its deferred close ends the channel under the workers still sending
func encodeAll(ids []int, workers int) (map[int][]byte, error) {
	jobs := make(chan int, len(ids))
	for _, id := range ids {
		jobs <- id
	}
	close(jobs)
	results := make(chan encoded, len(ids))
	defer close(results) // want "send-on-closed-channel: returns at line 41 while the goroutines started at line 35 in a loop may still be sending"
	encoder := func(jobs <-chan int, out chan<- encoded) {
		for id := range jobs {
			data, err := encodeOne(id)
			out <- encoded{id, data, err}
		}
	}
	for i := 0; i < workers; i++ {
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

// shape: one goroutine per item, the results ranged over; a failure leaves the loop early
func fetchAll(urls []string, fetch func(string) error) error {
	errs := make(chan error, len(urls))
	defer close(errs) // want "send-on-closed-channel: panic: send on closed channel"
	for _, u := range urls {
		go func(u string) {
			errs <- fetch(u)
		}(u)
	}
	n := 0
	for err := range errs {
		if err != nil {
			return err
		}
		n++
		if n == len(urls) {
			break
		}
	}
	return nil
}
