package ok

import "sync"

// PartTally counts what it is given.
type PartTally struct {
	n int
}

func (t *PartTally) Add(k int) { t.n += k }

// shape: each goroutine of the loop has a value of its own, made in the iteration
func tallyEach(parts [][]int) []*PartTally {
	out := make([]*PartTally, len(parts))
	var wg sync.WaitGroup
	for i, p := range parts {
		t := &PartTally{}
		out[i] = t
		wg.Add(1)
		go func(p []int) {
			defer wg.Done()
			for _, k := range p {
				t.Add(k)
			}
		}(p)
	}
	wg.Wait()
	return out
}

// Sequence hands out numbers. Instances of Sequence do not have to be safe for concurrent
// use: the owner serialises its calls.
type Sequence interface {
	Next() int
}

// Counter counts up.
type Counter struct{ n int }

// shape: the interface says its implementations need not be safe for concurrent use
func (c *Counter) Next() int {
	c.n++
	return c.n
}

// Pool hands out buffers. The Get and Put methods are safe for concurrent use.
type Pool struct {
	mu   sync.Mutex
	free [][]byte
	size int
}

func (p *Pool) Get() []byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.free) == 0 {
		return make([]byte, p.size)
	}
	b := p.free[len(p.free)-1]
	p.free = p.free[:len(p.free)-1]
	return b
}

func (p *Pool) Put(b []byte) {
	p.mu.Lock()
	p.free = append(p.free, b)
	p.mu.Unlock()
}

// shape: the documentation promises concurrent use of some methods only, not of a setter
// called while the pool is built
func (p *Pool) SetSize(n int) {
	p.size = n
}

// Client talks to a service. A Client is safe for concurrent use by multiple goroutines.
type Client struct {
	mu    sync.Mutex
	conns []string
	addr  string
}

func (c *Client) Dial() {
	c.mu.Lock()
	c.conns = append(c.conns, c.addr)
	c.mu.Unlock()
}

// shape: teardown, which the owner runs once, writes with no lock
func (c *Client) Close() {
	c.addr = ""
}
