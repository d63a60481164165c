package ccache

import (
	"container/list"
	"sync/atomic"
	"time"
)

// Sized lets a value report its own size to the cache.
type Sized interface {
	Size() int64
}

// Item is a cached value together with its expiry and LRU state.
type Item struct {
	key        string
	promotions int32
	refCount   int32
	expires    int64
	size       int64
	value      interface{}
	element    *list.Element
}

func newItem(key string, value interface{}, expires int64) *Item {
	size := int64(1)
	if sized, ok := value.(Sized); ok {
		size = sized.Size()
	}
	return &Item{
		key:     key,
		value:   value,
		size:    size,
		expires: expires,
	}
}

func (i *Item) shouldPromote(getsPerPromote int32) bool {
	i.promotions++
	return i.promotions == getsPerPromote
}

func (i *Item) Value() interface{} {
	return i.value
}

func (i *Item) track() {
	atomic.AddInt32(&i.refCount, 1)
}

func (i *Item) Release() {
	atomic.AddInt32(&i.refCount, -1)
}

func (i *Item) Expired() bool {
	expires := atomic.LoadInt64(&i.expires)
	return expires < time.Now().UnixNano()
}

func (i *Item) TTL() time.Duration {
	expires := atomic.LoadInt64(&i.expires)
	return time.Duration(expires - time.Now().UnixNano())
}

func (i *Item) Expires() time.Time {
	return time.Unix(0, atomic.LoadInt64(&i.expires))
}

// Extend moves the item's expiry to duration from now.
func (i *Item) Extend(duration time.Duration) {
	atomic.StoreInt64(&i.expires, time.Now().Add(duration).UnixNano())
}
