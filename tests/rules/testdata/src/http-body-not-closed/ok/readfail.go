package ok

import (
	"errors"
	"io"
	"net/http"
)

var errBadStatus = errors.New("bad status")

// shape: the only return before Close follows a failed read of the body, whose connection the
// transport has already dropped
func FetchAll(c *http.Client, url string) ([]byte, error) {
	resp, err := c.Get(url)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, errBadStatus
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	return b, nil
}
