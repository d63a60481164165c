package buggy

import (
	"fmt"
	"io"
	"net/http"
)

// shape: the body is read but never closed
func Get(url string) ([]byte, error) {
	resp, err := http.Get(url) // want "http-body-not-closed: leaks a connection"
	if err != nil {
		return nil, err
	}
	return io.ReadAll(resp.Body)
}

// shape: a status check returns before the Close
func Status(url string) error {
	resp, err := http.Head(url) // want "http-body-not-closed: leaks a connection"
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	resp.Body.Close()
	return nil
}
