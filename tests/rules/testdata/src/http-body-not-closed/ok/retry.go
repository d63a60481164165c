package ok

import (
	"encoding/json"
	"io"
	"net/http"
)

func readJSON(r io.ReadCloser, v interface{}) error {
	defer r.Close()
	return json.NewDecoder(r).Decode(v)
}

// shape: a request under a label that a retry jumps back to; a helper closes the body
func GetRetried(u string) (map[string]string, error) {
	var retried bool
retry:
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode >= 500 && !retried {
		resp.Body.Close()
		retried = true
		goto retry
	}
	var out map[string]string
	if err := readJSON(resp.Body, &out); err != nil {
		return nil, err
	}
	return out, nil
}
