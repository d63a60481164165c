// Package meter counts hits.
package meter

// Sink receives counts.
type Sink interface{ Add(n int) }

type counter struct{ n int }

func (c *counter) Add(n int) {
	c.n += n
}
