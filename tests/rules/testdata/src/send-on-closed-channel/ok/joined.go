package ok

import "sync"

type poolRequest struct {
	body  []byte
	reply chan error
}

// Pool hands requests to its workers until Close.
type Pool struct {
	requests chan poolRequest
}

func NewPool(workers int, do func([]byte) error) *Pool {
	p := &Pool{requests: make(chan poolRequest)}
	for i := 0; i < workers; i++ {
		go func() {
			for r := range p.requests {
				r.reply <- do(r.body)
			}
		}()
	}
	return p
}

func (p *Pool) send(b []byte) error {
	r := poolRequest{body: b, reply: make(chan error, 1)}
	p.requests <- r
	return <-r.reply
}

// shape: the goroutines that send live within WriteAll, which waits for them: Close races with them only if it races with the call itself
func (p *Pool) WriteAll(batches [][]byte) error {
	var wg sync.WaitGroup
	errs := make(chan error, len(batches))
	for _, b := range batches {
		wg.Add(1)
		go func(b []byte) {
			defer wg.Done()
			if err := p.send(b); err != nil {
				errs <- err
			}
		}(b)
	}
	wg.Wait()
	close(errs)
	return <-errs
}

// Close stops the workers once the writes are done.
func (p *Pool) Close() { close(p.requests) }
