package buggy

import (
	"bytes"
	"net/http"
)

type acmeClient struct {
	hc *http.Client
}

// doOnce hands the response on with its body open
func (c *acmeClient) doOnce(req *http.Request) (resp *http.Response, retry bool, err error) {
	resp, err = c.hc.Do(req)
	if err != nil {
		return resp, true, err
	}
	return resp, false, nil
}

func (c *acmeClient) request(url string, buf *bytes.Buffer) (*http.Response, error) {
	var resp *http.Response
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		req, rerr := http.NewRequest(http.MethodGet, url, nil)
		if rerr != nil {
			return nil, rerr
		}
		var retry bool
		resp, retry, err = c.doOnce(req)
		if err == nil || !retry {
			break
		}
	}
	return resp, err
}

// shape: the helpers hand back an open body, and the caller reads only a header
func (c *acmeClient) Location(url string) (string, error) {
	var buf bytes.Buffer
	resp, err := c.request(url, &buf) // want "http-body-not-closed: never closes `resp.Body`"
	if err != nil {
		return "", err
	}
	return resp.Header.Get("Location"), nil
}
