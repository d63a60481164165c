package ok

import (
	"bytes"
	"io"
	"log"
	"net/http"
)

// shape: each branch reads the body to its end before the function runs off its end: at EOF
// the transport takes the connection back
func notifyHook(url string, report []byte) {
	resp, err := http.Post(url, "application/json", bytes.NewReader(report))
	if err != nil {
		log.Printf("notify: %v", err)
		return
	}
	if resp.StatusCode >= 300 {
		b, _ := io.ReadAll(resp.Body)
		log.Printf("notify: %s", b)
	} else {
		_, _ = io.Copy(io.Discard, resp.Body)
	}
}
