package ok

import (
	"log"
	"net/url"
	"time"
)

// runOutputs fails only on start-up, and its one caller ends the process when it does: the
// ticker it leaves running then goes with the process.
func runOutputs(endpoint string, flush func(*url.URL) bool) error {
	ticker := time.NewTicker(time.Second)
	u, err := url.Parse(endpoint)
	if err != nil {
		return err
	}
	for {
		<-ticker.C
		if !flush(u) {
			ticker.Stop()
			return nil
		}
	}
}

func startOutputs(endpoint string, flush func(*url.URL) bool) {
	go func() {
		if err := runOutputs(endpoint, flush); err != nil {
			log.Fatalf("starting outputs: %s", err)
			return
		}
	}()
}
