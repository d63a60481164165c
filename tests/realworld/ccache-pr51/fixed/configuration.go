package ccache

// Configuration holds the cache's tuning knobs.
type Configuration struct {
	maxSize        int64
	buckets        int
	itemsToPrune   int
	deleteBuffer   int
	promoteBuffer  int
	getsPerPromote int32
	tracking       bool
}

// Configure returns the default configuration, to be adjusted with the
// chainable setters.
func Configure() *Configuration {
	return &Configuration{
		buckets:        16,
		itemsToPrune:   500,
		deleteBuffer:   1024,
		getsPerPromote: 3,
		promoteBuffer:  1024,
		maxSize:        5000,
	}
}

// MaxSize is the total size of the items the cache keeps.
func (c *Configuration) MaxSize(max int64) *Configuration {
	c.maxSize = max
	return c
}

// GetsPerPromote is how many Gets an item needs before it moves to the
// front of the LRU list.
func (c *Configuration) GetsPerPromote(count int32) *Configuration {
	c.getsPerPromote = count
	return c
}

// Track makes gc leave alone items that are still referenced.
func (c *Configuration) Track() *Configuration {
	c.tracking = true
	return c
}
