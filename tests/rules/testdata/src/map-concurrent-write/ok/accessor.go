package ok

import "sync"

// shape: a cache whose janitor goroutine updates entries under the lock, and an accessor only
// the package's tests call (accessor_test.go), at a moment the test chooses
type fileCache struct {
	mu    sync.Mutex
	items map[string]int
	touch chan string
}

func newFileCache() *fileCache {
	c := &fileCache{items: map[string]int{}, touch: make(chan string)}
	go c.janitor()
	return c
}

func (c *fileCache) janitor() {
	for p := range c.touch {
		c.mu.Lock()
		c.items[p]++
		c.mu.Unlock()
	}
}

func (c *fileCache) Touch(p string) { c.touch <- p }

func (c *fileCache) hits(p string) int {
	return c.items[p]
}
