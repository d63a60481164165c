package buggy

import (
	"fmt"
	"io"
	"net/http"
)

// shape: the body is read to its end, but a failed status returns before it is read or closed
func Get(url string) ([]byte, error) {
	resp, err := http.Get(url) // want "http-body-not-closed: leaks a connection"
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("status %d", resp.StatusCode)
	}
	return io.ReadAll(resp.Body)
}

// shape: a status check returns before the Close
func Status(url string) error {
	resp, err := http.Get(url) // want "http-body-not-closed: leaks a connection"
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	resp.Body.Close()
	return nil
}

// shape: the body is read to its end only when the status is bad; a good one leaves it open
func Delete(c *http.Client, req *http.Request) error {
	resp, err := c.Do(req) // want "http-body-not-closed: leaks a connection"
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("status %d: %s", resp.StatusCode, body)
	}
	return nil
}
