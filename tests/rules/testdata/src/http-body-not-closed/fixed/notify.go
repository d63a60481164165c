package fixed

import (
	"bytes"
	"io"
	"log"
	"net/http"
)

func notifyHook(url string, report []byte) {
	resp, err := http.DefaultClient.Post(url, "application/json", bytes.NewReader(report))
	if err != nil {
		log.Printf("notify: %v", err)
		return
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			return
		}
		log.Printf("notify: %s", b)
	}
}
