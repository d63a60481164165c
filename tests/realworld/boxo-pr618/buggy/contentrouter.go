package contentrouter

import (
	"context"
	"log"
)

type contentRouter struct {
	client Client
}

// NewContentRoutingClient wraps a delegated routing client as a content router.
func NewContentRoutingClient(c Client) *contentRouter {
	return &contentRouter{client: c}
}

// readProviderResponses reads peer records from the iterator into the given
// channel, dropping the other records.
func readProviderResponses(iter ResultIter[Record], ch chan<- AddrInfo) {
	defer close(ch)
	defer iter.Close()
	for iter.Next() {
		res := iter.Val()
		if res.Err != nil {
			log.Printf("error iterating provider responses: %s", res.Err)
			continue
		}
		v := res.Val
		if v.GetSchema() == SchemaPeer {
			result, ok := v.(*PeerRecord)
			if !ok {
				continue
			}

			var addrs []Multiaddr
			addrs = append(addrs, result.Addrs...)

			ch <- AddrInfo{
				ID:    *result.ID,
				Addrs: addrs,
			}
		}
	}
}

// FindProvidersAsync streams the providers of key on the returned channel.
func (c *contentRouter) FindProvidersAsync(ctx context.Context, key Cid, numResults int) <-chan AddrInfo {
	resultsIter, err := c.client.GetProviders(ctx, key)
	if err != nil {
		log.Printf("error finding providers for %s: %v", key, err)
		ch := make(chan AddrInfo)
		close(ch)
		return ch
	}
	ch := make(chan AddrInfo)
	go readProviderResponses(resultsIter, ch)
	return ch
}
