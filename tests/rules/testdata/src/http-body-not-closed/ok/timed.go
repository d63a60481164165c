package ok

import (
	"log"
	"net/http"
	"time"
)

// The request is timed between the call and its error check: the error path still only
// leaves because the request failed.
func timedStatus(client *http.Client, url string) (int, error) {
	started := time.Now()
	resp, err := client.Get(url)
	took := time.Since(started)
	if err != nil {
		return 0, err
	}
	log.Printf("GET %s: %d in %v", url, resp.StatusCode, took)
	resp.Body.Close()
	return resp.StatusCode, nil
}
