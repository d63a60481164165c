package buggy

import "net/http"

// shape: a client's Do whose body is ignored
func Ping(c *http.Client, url string) (int, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	resp, err := c.Do(req) // want "http-body-not-closed: leaks a connection"
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}
