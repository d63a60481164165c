package toxiproxy

import (
	"errors"
	"io"
	"sync"

	"example.com/toxiproxy-pr436/toxics"
)

const (
	Upstream = iota
	Downstream
	numDirections
)

var ErrToxicNotFound = errors.New("toxic not found")

// ToxicCollection holds the chain of toxics of one proxy and the links, one
// per connection and direction, that run it. A noop toxic always heads each
// chain so the toxics behind it can be paused by interrupting it.
type ToxicCollection struct {
	sync.Mutex

	noop  *toxics.ToxicWrapper
	chain [][]*toxics.ToxicWrapper
	links map[string]*ToxicLink
}

func NewToxicCollection() *ToxicCollection {
	c := &ToxicCollection{
		noop:  &toxics.ToxicWrapper{Toxic: new(toxics.NoopToxic), Type: "noop"},
		chain: make([][]*toxics.ToxicWrapper, numDirections),
		links: make(map[string]*ToxicLink),
	}
	for dir := range c.chain {
		c.chain[dir] = []*toxics.ToxicWrapper{c.noop}
	}
	return c
}

// AddToxic appends toxic to its direction's chain and to every live link.
func (c *ToxicCollection) AddToxic(toxic *toxics.ToxicWrapper) {
	c.Lock()
	defer c.Unlock()

	dir := toxic.Direction
	toxic.Index = len(c.chain[dir])
	c.chain[dir] = append(c.chain[dir], toxic)

	var wg sync.WaitGroup
	for _, link := range c.links {
		if link.direction == dir {
			wg.Add(1)
			go func(link *ToxicLink) {
				defer wg.Done()
				link.AddToxic(toxic)
			}(link)
		}
	}
	wg.Wait()
}

// RemoveToxic is what the API's DELETE of a toxic calls.
func (c *ToxicCollection) RemoveToxic(name string) error {
	c.Lock()
	defer c.Unlock()

	toxic := c.findToxicByName(name)
	if toxic == nil {
		return ErrToxicNotFound
	}
	c.chainRemoveToxic(toxic)
	return nil
}

// StartLink starts a link for a new connection in one direction.
func (c *ToxicCollection) StartLink(name string, input io.Reader, output io.WriteCloser, direction int) {
	c.Lock()
	defer c.Unlock()

	link := NewToxicLink(c, direction)
	link.Start(name, input, output)
	c.links[name] = link
}

// RemoveLink forgets a link whose connection has ended.
func (c *ToxicCollection) RemoveLink(name string) {
	c.Lock()
	defer c.Unlock()
	delete(c.links, name)
}

// The functions below assume the lock is held.

func (c *ToxicCollection) findToxicByName(name string) *toxics.ToxicWrapper {
	for dir := range c.chain {
		for _, toxic := range c.chain[dir][1:] {
			if toxic.Name == name {
				return toxic
			}
		}
	}
	return nil
}

func (c *ToxicCollection) chainRemoveToxic(toxic *toxics.ToxicWrapper) {
	dir := toxic.Direction
	c.chain[dir] = append(c.chain[dir][:toxic.Index], c.chain[dir][toxic.Index+1:]...)
	for i := toxic.Index; i < len(c.chain[dir]); i++ {
		c.chain[dir][i].Index = i
	}

	// remove the toxic from every link at once, and wait for all of them
	var wg sync.WaitGroup
	for _, link := range c.links {
		if link.direction == dir {
			wg.Add(1)
			go func(link *ToxicLink) {
				defer wg.Done()
				link.RemoveToxic(toxic)
			}(link)
		}
	}
	wg.Wait()

	toxic.Index = -1
}
