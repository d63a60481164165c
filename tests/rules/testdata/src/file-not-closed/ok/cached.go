package ok

import (
	"io"
	"net/http"
	"os"
)

// fetchSpec keeps a downloaded copy: the open that finds one is checked in the if's own
// statement, and what returns from its error branch returns because there was no file.
func fetchSpec(path, url string) error {
	if f, err := os.Open(path); err != nil {
		if !os.IsNotExist(err) {
			return err
		}
	} else {
		f.Close()
		return nil
	}
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	defer out.Close()
	_, err = io.Copy(out, resp.Body)
	return err
}
