package ok

import "testing"

func TestCacheStartsEmpty(t *testing.T) {
	c := newFileCache()
	if c.hits("a") != 0 {
		t.Fatal("a new cache has hits")
	}
}
