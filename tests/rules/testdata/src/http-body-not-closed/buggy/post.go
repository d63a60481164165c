package buggy

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
)

type reporter struct {
	client *http.Client
	url    string
}

func (r *reporter) post(payload interface{}) (*http.Response, error) {
	b, err := json.Marshal(payload)
	if err != nil {
		return nil, err
	}
	return r.client.Post(r.url, "application/json", bytes.NewReader(b))
}

var errRejected = errors.New("rejected")

// shape: the response of the package's own post helper is never closed
func (r *reporter) Register(name string) error {
	resp, err := r.post(map[string]string{"name": name}) // want "http-body-not-closed: never closes `resp.Body`"
	if err != nil {
		return err
	}
	if resp.StatusCode >= 300 {
		return errRejected
	}
	return nil
}
