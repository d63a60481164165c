// Package estransport sends requests to an Elasticsearch cluster, picking a
// node from a connection pool and reporting each outcome back to the pool.
package estransport

import (
	"net/http"
	"net/url"
)

// Client is safe for use by many goroutines at once.
type Client struct {
	transport http.RoundTripper
	pool      *statusConnectionPool
}

// New returns a client over the given node URLs.
func New(urls []*url.URL, transport http.RoundTripper) *Client {
	conns := make([]*Connection, 0, len(urls))
	for _, u := range urls {
		conns = append(conns, &Connection{URL: u})
	}
	return &Client{transport: transport, pool: newStatusConnectionPool(conns)}
}

// Perform sends req to the next connection and retries on another one if it
// fails.
func (c *Client) Perform(req *http.Request) (*http.Response, error) {
	var (
		res *http.Response
		err error
	)
	for i := 0; i < 3; i++ {
		conn, cerr := c.pool.Next()
		if cerr != nil {
			return nil, cerr
		}
		r := req.Clone(req.Context())
		r.URL.Scheme = conn.URL.Scheme
		r.URL.Host = conn.URL.Host

		res, err = c.transport.RoundTrip(r)
		if err != nil {
			c.pool.OnFailure(conn)
			continue
		}
		c.pool.OnSuccess(conn)
		return res, nil
	}
	return res, err
}
