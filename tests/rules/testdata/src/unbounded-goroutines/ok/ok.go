package ok

import (
	"net"
	"sync"
)

type Group struct{ n int }

func (g *Group) SetLimit(n int)    { g.n = n }
func (g *Group) Go(f func() error) { go f() }
func (g *Group) Wait() error       { return nil }
func handleConn(c net.Conn)        { c.Close() }
func process(job string)           {}

// shape: worker pool bounded by a semaphore acquired before go
func bounded(jobs <-chan string) {
	sem := make(chan struct{}, 4)
	for j := range jobs {
		sem <- struct{}{}
		go func() {
			defer func() { <-sem }()
			process(j)
		}()
	}
}

// shape: errgroup-style code with SetLimit
func limited(jobs <-chan string) error {
	var g Group
	g.SetLimit(8)
	for j := range jobs {
		g.Go(func() error {
			process(j)
			return nil
		})
	}
	return g.Wait()
}

// shape: one goroutine per accepted connection, the standard server loop
func serve(l net.Listener) {
	for {
		c, err := l.Accept()
		if err != nil {
			return
		}
		go handleConn(c)
	}
}

// shape: each batch is waited for before the next one starts
func batches(jobs <-chan []string) {
	for batch := range jobs {
		var wg sync.WaitGroup
		for _, j := range batch {
			wg.Add(1)
			go func() {
				defer wg.Done()
				process(j)
			}()
		}
		wg.Wait()
	}
}

// shape: one goroutine per job read from a channel: the producer sets the pace (the
// per-request design), so the loop itself does not spawn without end
func dispatch(jobs <-chan string, handle func(string)) {
	for j := range jobs {
		go handle(j)
	}
}

// shape: an endless loop fed by a receive: one goroutine per request
func serveRequests(reqs chan string, handle func(string)) {
	for {
		r := <-reqs
		go handle(r)
	}
}
