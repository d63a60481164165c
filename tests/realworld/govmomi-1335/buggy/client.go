package soap

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
)

// Client talks to the vSphere endpoint; file transfers go through the
// embedded http.Client.
type Client struct {
	http.Client

	u *url.URL
}

func NewClient(u *url.URL) *Client {
	return &Client{Client: http.Client{Transport: http.DefaultTransport}, u: u}
}

type Upload struct {
	Type          string
	Method        string
	ContentLength int64
	Headers       map[string]string
	Ticket        *http.Cookie
}

var DefaultUpload = Upload{
	Type:   "application/octet-stream",
	Method: "PUT",
}

// Upload sends f to u and reports a non-2xx answer as an error.
func (c *Client) Upload(f io.Reader, u *url.URL, param *Upload) error {
	req, err := http.NewRequest(param.Method, u.String(), f)
	if err != nil {
		return err
	}

	req.ContentLength = param.ContentLength
	req.Header.Set("Content-Type", param.Type)
	for k, v := range param.Headers {
		req.Header.Add(k, v)
	}
	if param.Ticket != nil {
		req.AddCookie(param.Ticket)
	}

	res, err := c.Client.Do(req)
	if err != nil {
		return err
	}

	switch res.StatusCode {
	case http.StatusOK:
	case http.StatusCreated:
	default:
		err = errors.New(res.Status)
	}

	return err
}

// UploadFile sends the local file to u.
func (c *Client) UploadFile(file string, u *url.URL, param *Upload) error {
	if param == nil {
		p := DefaultUpload // copied, ContentLength is set below
		param = &p
	}

	s, err := os.Stat(file)
	if err != nil {
		return err
	}

	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()

	param.ContentLength = s.Size()

	return c.Upload(f, u, param)
}
