package ok

import "sync"

type Counter struct {
	mu sync.Mutex
	n  int
}

// Cache holds only a sync.Map: syncmap-copy's business, not this rule's.
type Cache struct {
	m sync.Map
}

// shape: a struct holding only a pointer to a Mutex may be copied
type Handle struct {
	mu *sync.Mutex
	id int
}

func (h Handle) ID() int { return h.id }

// shape: fresh values from composite literals and new are not copies
func Make() *Counter {
	c := &Counter{}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		c.n = 1
	}()
	wg.Wait()
	return c
}

// shape: pointers to lock-holding structs are passed and ranged over
func Sum(cs []*Counter, extra *Counter) int {
	t := extra.n
	for _, c := range cs {
		t += c.n
	}
	return t
}

func (c *Cache) Len() int { return 0 }
