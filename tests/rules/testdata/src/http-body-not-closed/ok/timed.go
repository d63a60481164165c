package ok

import (
	"net/http"
	"time"
)

type timedClient struct {
	hc      *http.Client
	elapsed func(time.Duration)
}

// shape: a timing call between the request and its error check: the error path still holds no response
func (c *timedClient) status(req *http.Request) (int, bool) {
	start := time.Now()
	resp, err := c.hc.Do(req)
	c.elapsed(time.Since(start))
	if err != nil {
		return 0, false
	}
	code := resp.StatusCode
	resp.Body.Close()
	return code, true
}
