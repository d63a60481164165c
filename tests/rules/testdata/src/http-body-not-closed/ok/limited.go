package ok

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
)

type token struct{ Value string }

// shape: the reply is read to its end through a bound on its size before any return: at EOF
// the transport takes the connection back
func fetchToken(c *http.Client, req *http.Request) (*token, error) {
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, errors.New(resp.Status)
	}
	var t token
	if err := json.Unmarshal(body, &t); err != nil {
		return nil, err
	}
	return &t, nil
}
