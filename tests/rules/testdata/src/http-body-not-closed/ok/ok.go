package ok

import (
	"io"
	"net/http"
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
