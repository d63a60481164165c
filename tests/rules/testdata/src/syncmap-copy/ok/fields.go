//go:build go1.9
// +build go1.9

package ok

import "sync"

// shape: the live variant of a type declared once per build constraint
type fieldCacher struct {
	sync.Map
}

func (c *fieldCacher) lookup(t string) (int, bool) {
	v, ok := c.Load(t)
	if !ok {
		return 0, false
	}
	return v.(int), true
}
