package ok

import (
	"bytes"
	"io"
	"net/http"
)

type acmeClient struct {
	hc *http.Client
}

// doOnce returns the response with its body drained into buf and closed, and whether the
// request may be tried again
func (c *acmeClient) doOnce(req *http.Request, buf *bytes.Buffer) (resp *http.Response, retry bool, err error) {
	resp, err = c.hc.Do(req)
	if err != nil {
		return resp, true, err
	}
	defer resp.Body.Close()
	_, err = io.Copy(buf, resp.Body)
	return resp, false, err
}

// shape: the wrapper hands back what a helper with three results closed, got by plain assignment
func (c *acmeClient) request(url string, buf *bytes.Buffer) (*http.Response, error) {
	var resp *http.Response
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		req, rerr := http.NewRequest(http.MethodGet, url, nil)
		if rerr != nil {
			return nil, rerr
		}
		var retry bool
		resp, retry, err = c.doOnce(req, buf)
		if err == nil || !retry {
			break
		}
	}
	return resp, err
}

func (c *acmeClient) Location(url string) (string, error) {
	var buf bytes.Buffer
	resp, err := c.request(url, &buf)
	if err != nil {
		return "", err
	}
	return resp.Header.Get("Location"), nil
}
