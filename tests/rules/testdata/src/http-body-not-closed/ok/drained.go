package ok

import (
	"fmt"
	"io"
	"net/http"
)

// shape: the body is read to its end before anything else: at its EOF (or a read error) the
// transport takes the connection back, Close or not
func FetchDrained(c *http.Client, req *http.Request) ([]byte, error) {
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("status %d: %s", resp.StatusCode, body)
	}
	return body, nil
}

// shape: a failed status reads the error body to its end in its own branch, a good one reads
// the result to its end after it: every way out has read the body
func PostDrained(c *http.Client, req *http.Request) ([]byte, error) {
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		msg, err := io.ReadAll(resp.Body)
		if err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("status %d: %s", resp.StatusCode, msg)
	}
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// shape: a health check by HEAD: its response has no body (http.NoBody), and the transport
// takes the connection back at once
func Healthy(c *http.Client, url string) bool {
	req, err := http.NewRequest(http.MethodHead, url, nil)
	if err != nil {
		return false
	}
	resp, err := c.Do(req)
	return err == nil && resp.StatusCode < 300
}
