package hangproof

// hangproof: errgroup-result-abandoned

import (
	"errors"
	"testing"
	"time"
)

// Crawler.FetchAll returns on the first failed page; its deferred g.Wait() then waits for
// senders blocked forever on the unbuffered results channel.
func TestFetchAllFailure(t *testing.T) {
	c := &Crawler{Fetch: func(url string) (string, error) {
		if url == "bad" {
			return "", errors.New("boom")
		}
		// the good pages come back after the bad one, so senders are still waiting when
		// FetchAll gives up
		time.Sleep(20 * time.Millisecond)
		return "ok " + url, nil
	}}
	urls := []string{"bad", "a", "b", "c", "d"}
	if _, err := c.FetchAll(urls); err == nil {
		t.Fatal("FetchAll succeeded, want the error of the bad page")
	}
}
