package buggy

import (
	"errors"
	"strings"
)

// Page is a fetched document.
type Page struct {
	URL  string
	Body string
	Err  error
}

// Crawler fetches pages with a pluggable fetch function.
type Crawler struct {
	Fetch func(url string) (string, error)
}

// shape: g.Go senders, a waiter closes the channel, the range loop returns on the first failed page
func (c *Crawler) FetchAll(urls []string) ([]Page, error) {
	var g Group
	defer g.Wait()             // never leave goroutines behind
	results := make(chan Page) // want "errgroup-result-abandoned: blocks forever"
	for _, u := range urls {
		g.Go(func() error {
			body, err := c.Fetch(u)
			results <- Page{URL: u, Body: body, Err: err}
			return err
		})
	}
	go func() {
		g.Wait()
		close(results)
	}()
	var pages []Page
	for p := range results {
		if p.Err != nil {
			return nil, p.Err
		}
		pages = append(pages, p)
	}
	return pages, nil
}

// shape: counted receives, g.Go senders, return on the first error
func (c *Crawler) Sizes(urls []string) (map[string]int, error) {
	var g Group
	type size struct {
		url string
		n   int
		err error
	}
	sizes := make(chan size) // want "errgroup-result-abandoned: blocks forever"
	for _, u := range urls {
		g.Go(func() error {
			body, err := c.Fetch(u)
			sizes <- size{u, len(body), err}
			return nil
		})
	}
	out := make(map[string]int, len(urls))
	for range urls {
		s := <-sizes
		if s.err != nil {
			return nil, s.err
		}
		out[s.url] = s.n
	}
	return out, g.Wait()
}

var errEmpty = errors.New("empty page")

// checkAll is registered as the crawler's validation hook in hooks.go.
func checkAll(pages []Page) error {
	return (&validator{}).run(pages)
}

type validator struct{}

func (v *validator) check(p Page) error {
	if strings.TrimSpace(p.Body) == "" {
		return errEmpty
	}
	return nil
}
