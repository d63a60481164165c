package ok

import "testing"

func TestGet(t *testing.T) {
	c := &Cache{items: map[string]int{"a": 1}}
	if c.get("a") != 1 {
		t.Fatal("lost a")
	}
}
