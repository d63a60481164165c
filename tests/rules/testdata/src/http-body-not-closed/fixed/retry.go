package fixed

import (
	"fmt"
	"net/http"
)

// shape: a request under a label; a status check returns before the Close
func GetStatusRetried(u string) error {
	tries := 0
retry:
	resp, err := http.Get(u)
	if err != nil {
		tries++
		if tries < 3 {
			goto retry
		}
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return nil
}
