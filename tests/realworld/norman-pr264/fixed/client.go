package clientbase

import (
	"errors"
	"io"
	"net/http"
	"strings"
)

type APIBaseClient struct {
	Opts  struct{ URL, TokenKey string }
	Types map[string]string
	httpClient *http.Client
}

func (a *APIBaseClient) setup() error {
	req, err := http.NewRequest("GET", a.Opts.URL, nil)
	if err != nil {
		return err
	}
	resp, err := a.httpClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()

	if resp.StatusCode == http.StatusUnauthorized {
		req2, err := http.NewRequest("POST", a.Opts.URL+"/tokens", strings.NewReader(a.Opts.TokenKey))
		if err != nil {
			return err
		}
		resp2, err := a.httpClient.Do(req2)
		if err != nil {
			return err
		}
		defer resp2.Body.Close()
		resp = resp2
	}
	if resp.StatusCode != http.StatusOK {
		return errors.New(resp.Status)
	}
	_, err = io.ReadAll(resp.Body)
	return err
}
