package ok

import (
	"encoding/json"
	"net/http"
)

// shape: the helper decodes and closes the body of the response it hands back: the caller reads only its status
func getJSON(c *http.Client, url string, v any) (*http.Response, error) {
	resp, err := c.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return resp, json.NewDecoder(resp.Body).Decode(v)
}

func withRetry(get func() (*http.Response, error), read func(*http.Response) error) (*http.Response, error) {
	resp, err := get()
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return resp, read(resp)
}

// shape: a helper that hands back what another closing helper handed back
func getJSONRetry(c *http.Client, url string, v any) (*http.Response, error) {
	return withRetry(func() (*http.Response, error) { return c.Get(url) }, func(r *http.Response) error { return json.NewDecoder(r.Body).Decode(v) })
}

func Status(c *http.Client, url string) (int, error) {
	var v map[string]any
	resp, err := getJSON(c, url, &v)
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

func StatusRetry(c *http.Client, url string) (int, error) {
	var v map[string]any
	resp, err := getJSONRetry(c, url, &v)
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}
