// Package tesla is a client for the Tesla owner API.
package tesla

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
)

// Client talks to the API through an authenticating HTTP client.
type Client struct {
	baseURL string
	hc      *http.Client
}

// NewClient returns a client using hc, which must add the OAuth token.
func NewClient(hc *http.Client) *Client {
	if hc == nil {
		hc = http.DefaultClient
	}
	return &Client{baseURL: "https://owner-api.teslamotors.com/api/1", hc: hc}
}

// get performs an HTTP GET.
func (c Client) get(url string) ([]byte, error) {
	req, _ := http.NewRequest("GET", url, nil)
	return c.processRequest(req)
}

// getJSON performs an HTTP GET and decodes the result into out.
func (c Client) getJSON(url string, out interface{}) error {
	body, err := c.get(url)
	if err != nil {
		return err
	}
	return json.Unmarshal(body, out)
}

// post performs an HTTP POST with a JSON body.
func (c Client) post(url string, body []byte) ([]byte, error) {
	req, _ := http.NewRequest("POST", url, bytes.NewBuffer(body))
	return c.processRequest(req)
}

// processRequest sends req and returns the body of a 200 response.
func (c Client) processRequest(req *http.Request) ([]byte, error) {
	c.setHeaders(req)
	res, err := c.hc.Do(req)
	if err != nil {
		return nil, err
	}
	if res.StatusCode != 200 {
		return nil, errors.New(res.Status)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	return body, nil
}

// setHeaders sets the headers the API requires.
func (c Client) setHeaders(req *http.Request) {
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Content-Type", "application/json")
}
