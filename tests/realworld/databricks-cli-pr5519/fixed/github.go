// Package github is the small GitHub API client `databricks labs` uses to
// list the labs projects and their releases.
package github

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"strings"
)

const gitHubAPI = "https://api.github.com"

var apiOverride int

// WithApiOverride points the client at another server (tests).
func WithApiOverride(ctx context.Context, override string) context.Context {
	return context.WithValue(ctx, &apiOverride, override)
}

var ErrNotFound = errors.New("not found")

type pagedResponse struct {
	Body     []byte
	NextLink string
}

func getBytes(ctx context.Context, method, url string, body io.Reader) ([]byte, error) {
	resp, err := getPagedBytes(ctx, method, url, body)
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}

func getPagedBytes(ctx context.Context, method, url string, body io.Reader) (*pagedResponse, error) {
	if ao, ok := ctx.Value(&apiOverride).(string); ok {
		url = strings.Replace(url, gitHubAPI, ao, 1)
	}
	log.Printf("%s %s", method, url)
	req, err := http.NewRequestWithContext(ctx, method, url, body)
	if err != nil {
		return nil, err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if res.StatusCode == http.StatusNotFound {
		return nil, ErrNotFound
	}
	if res.StatusCode >= 400 {
		return nil, fmt.Errorf("github request failed: %s", res.Status)
	}
	next := parseNextLink(res.Header.Get("link"))
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	return &pagedResponse{Body: raw, NextLink: next}, nil
}

// parseNextLink picks the rel="next" URL out of a Link header.
func parseNextLink(header string) string {
	for _, link := range strings.Split(header, ",") {
		parts := strings.Split(strings.TrimSpace(link), ";")
		if len(parts) != 2 || !strings.Contains(parts[1], `rel="next"`) {
			continue
		}
		u := strings.TrimSpace(parts[0])
		if strings.HasPrefix(u, "<") && strings.HasSuffix(u, ">") {
			return u[1 : len(u)-1]
		}
	}
	return ""
}

func httpGetAndUnmarshal(ctx context.Context, url string, response any) (string, error) {
	raw, err := getPagedBytes(ctx, http.MethodGet, url, nil)
	if err != nil {
		return "", err
	}
	return raw.NextLink, json.Unmarshal(raw.Body, response)
}
