package buggy

import (
	"bytes"
	"io"
	"log"
	"net/http"
)

// shape: the body is read to its end only when the hook answers with an error status; on
// success the function runs off its end with the body open
func notifyHook(url string, report []byte) {
	resp, err := http.DefaultClient.Post(url, "application/json", bytes.NewReader(report)) // want "http-body-not-closed: reaches its end at line 25 before `resp.Body.Close\(\)`"
	if err != nil {
		log.Printf("notify: %v", err)
		return
	}
	if resp.StatusCode >= 300 {
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			return
		}
		log.Printf("notify: %s", b)
	}
}
