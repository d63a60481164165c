package ok

import (
	"io"
	"net/http"

	"fixtures/src/http-body-not-closed/ok/closer"
)

// shape: the response is returned to the caller
func Fetch(url string) (*http.Response, error) {
	resp, err := http.Get(url)
	if err != nil {
		return nil, err
	}
	return resp, nil
}

// shape: handed to a function that drains and closes it
func Drain(url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	return discard(resp)
}

func discard(resp *http.Response) error {
	defer resp.Body.Close()
	_, err := io.Copy(io.Discard, resp.Body)
	return err
}

type getter struct{}

func (getter) Get(url string) (int, error) { return len(url), nil }

// shape: a Get method on something that is not an http.Client
func Size(g getter, url string) int {
	n, err := g.Get(url)
	if err != nil {
		return 0
	}
	return n
}

// shape: the body handed to another module's helper that closes it
func Version(url string) (v string, err error) {
	resp, err := http.Get(url)
	if err != nil {
		return "", err
	}
	defer closer.CheckClose(resp.Body, &err)
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}

type serverResponse struct {
	body   io.ReadCloser
	status int
}

// shape: the body handed back to the caller inside a struct
func do(c *http.Client, req *http.Request) (serverResponse, error) {
	resp, err := c.Do(req)
	if err != nil {
		return serverResponse{status: -1}, err
	}
	return serverResponse{body: resp.Body, status: resp.StatusCode}, nil
}
