package properties

import (
	"fmt"
	"io"
	"net/http"
	"strings"
)

// Encoding tells how the bytes of a source are turned into text.
type Encoding uint

const (
	UTF8 Encoding = 1 << iota
	ISO_8859_1
)

// Loader loads properties from URLs.
type Loader struct {
	// IgnoreMissing makes URLs answering 404 count as empty instead of
	// failing the load.
	IgnoreMissing bool
}

// LoadAll loads every URL in order and merges the results.
func (l *Loader) LoadAll(urls []string) (*Properties, error) {
	result := NewProperties()
	for _, u := range urls {
		p, err := l.LoadURL(u)
		if err != nil {
			return nil, err
		}
		result.Merge(p)
	}
	return result, nil
}

// LoadURL fetches url and parses its body, choosing the encoding from the
// Content-Type header.
func (l *Loader) LoadURL(url string) (*Properties, error) {
	resp, err := http.Get(url)
	if err != nil {
		return nil, fmt.Errorf("properties: error fetching %q. %s", url, err)
	}
	defer resp.Body.Close()

	if resp.StatusCode == 404 && l.IgnoreMissing {
		LogPrintf("properties: %s returned %d. skipping", url, resp.StatusCode)
		return NewProperties(), nil
	}
	if resp.StatusCode != 200 {
		return nil, fmt.Errorf("properties: %s returned %d", url, resp.StatusCode)
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("properties: %s error reading response. %s", url, err)
	}

	ct := resp.Header.Get("Content-Type")
	var enc Encoding
	switch strings.ToLower(ct) {
	case "text/plain", "text/plain; charset=iso-8859-1", "text/plain; charset=latin1":
		enc = ISO_8859_1
	case "", "text/plain; charset=utf-8":
		enc = UTF8
	default:
		return nil, fmt.Errorf("properties: invalid content type %s", ct)
	}
	return parse(convert(body, enc))
}

// convert reads buf as UTF-8 or as ISO-8859-1, whose bytes are the first
// 256 code points.
func convert(buf []byte, enc Encoding) string {
	if enc == UTF8 {
		return string(buf)
	}
	runes := make([]rune, len(buf))
	for i, b := range buf {
		runes[i] = rune(b)
	}
	return string(runes)
}
