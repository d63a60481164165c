package cache

import "testing"

func TestGetEmpty(t *testing.T) {
	var c Cache
	if _, ok := c.Get("a"); ok {
		t.Fatal("found a key in an empty cache")
	}
}
