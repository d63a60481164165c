package ok

import "time"

// shape: a ticker loop started from main lives as long as the process on purpose
func main() {
	go func() {
		for range time.Tick(time.Second) {
			println("tick")
		}
	}()
	select {}
}

type collector struct{ samples []time.Time }

// Close drops the samples.
func (c *collector) Close() { c.samples = nil }

// shape: a closable type's constructor that only main calls: one janitor per process
func newCollector() *collector {
	c := &collector{}
	go func() {
		for now := range time.Tick(time.Second) {
			c.samples = append(c.samples, now)
		}
	}()
	return c
}

func init() {
	defer newCollector().Close()
}
