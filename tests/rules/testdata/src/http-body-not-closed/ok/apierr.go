package ok

import (
	"errors"
	"net/http"
)

type apiError struct{ Status int }

func (e *apiError) Error() string { return http.StatusText(e.Status) }

var errNotFound = errors.New("not found")

type apiClient struct{ hc *http.Client }

func (c *apiClient) do(method, url string) (*http.Response, error) {
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode >= 400 {
		resp.Body.Close()
		return nil, &apiError{resp.StatusCode}
	}
	return resp, nil
}

// shape: the returns inside the call's own error branch return because the request failed:
// there is no body to close
func (c *apiClient) Kill(id string) error {
	resp, err := c.do(http.MethodPost, "/containers/"+id+"/kill")
	if err != nil {
		var e *apiError
		if !errors.As(err, &e) {
			return err
		}
		switch e.Status {
		case http.StatusNotFound:
			return errNotFound
		default:
			return err
		}
	}
	resp.Body.Close()
	return nil
}
