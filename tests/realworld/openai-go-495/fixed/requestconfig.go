// Package requestconfig builds and runs one API request of the SDK, with its
// retries.
package requestconfig

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// HTTPDoer is what an *http.Client offers, for custom transports.
type HTTPDoer interface {
	Do(req *http.Request) (*http.Response, error)
}

// RequestConfig is all the state of one request.
type RequestConfig struct {
	MaxRetries     int
	Request        *http.Request
	BaseURL        *url.URL
	HTTPClient     *http.Client
	CustomHTTPDoer HTTPDoer
	APIKey         string
	// ResponseBodyInto receives the decoded body; a **http.Response takes
	// the response itself, body unread.
	ResponseBodyInto any
	Body             io.Reader
}

// APIError is returned for a status of 400 or more.
type APIError struct {
	StatusCode int
	Body       string
}

func (e *APIError) Error() string {
	return fmt.Sprintf("%d: %s", e.StatusCode, e.Body)
}

func NewRequestConfig(ctx context.Context, method, u string, body any, dst any, base *url.URL, client *http.Client) (*RequestConfig, error) {
	var reader io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		reader = bytes.NewBuffer(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("X-Stainless-Retry-Count", "0")
	return &RequestConfig{
		MaxRetries:       2,
		Request:          req,
		BaseURL:          base,
		HTTPClient:       client,
		ResponseBodyInto: dst,
		Body:             reader,
	}, nil
}

func shouldRetry(req *http.Request, res *http.Response) bool {
	// without a way to rewind the body there is nothing to resend
	if req.Body != nil && req.GetBody == nil {
		return false
	}
	// no response: a connection error, try again
	if res == nil {
		return true
	}
	switch res.Header.Get("x-should-retry") {
	case "true":
		return true
	case "false":
		return false
	}
	return res.StatusCode == http.StatusRequestTimeout ||
		res.StatusCode == http.StatusConflict ||
		res.StatusCode == http.StatusTooManyRequests ||
		res.StatusCode >= http.StatusInternalServerError
}

func retryDelay(res *http.Response, retryCount int) time.Duration {
	if res != nil {
		if v := res.Header.Get("Retry-After-Ms"); v != "" {
			if ms, err := strconv.ParseFloat(v, 64); err == nil && ms >= 0 && ms < 60000 {
				return time.Duration(ms * float64(time.Millisecond))
			}
		}
		if v := res.Header.Get("Retry-After"); v != "" {
			if s, err := strconv.ParseFloat(v, 64); err == nil && s >= 0 && s < 60 {
				return time.Duration(s * float64(time.Second))
			}
		}
	}
	delay := time.Duration(0.5 * float64(time.Second) * math.Pow(2, float64(retryCount)))
	if delay > 8*time.Second {
		delay = 8 * time.Second
	}
	return delay - time.Duration(rand.Int63n(int64(delay/4)))
}

// Execute sends the request, retrying on connection errors, 408, 409, 429
// and 5xx answers, and decodes the final response.
func (cfg *RequestConfig) Execute() (err error) {
	cfg.Request.URL, err = cfg.BaseURL.Parse(strings.TrimLeft(cfg.Request.URL.String(), "/"))
	if err != nil {
		return err
	}
	if buf, ok := cfg.Body.(*bytes.Buffer); ok && cfg.Request.Body == nil {
		b := buf.Bytes()
		cfg.Request.ContentLength = int64(len(b))
		cfg.Request.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
		cfg.Request.Body, _ = cfg.Request.GetBody()
	}
	if cfg.APIKey != "" {
		cfg.Request.Header.Set("Authorization", "Bearer "+cfg.APIKey)
	}

	handler := cfg.HTTPClient.Do
	if cfg.CustomHTTPDoer != nil {
		handler = cfg.CustomHTTPDoer.Do
	}

	var res *http.Response
	for retryCount := 0; retryCount <= cfg.MaxRetries; retryCount++ {
		ctx := cfg.Request.Context()
		req := cfg.Request.Clone(ctx)
		req.Header.Set("X-Stainless-Retry-Count", strconv.Itoa(retryCount))

		res, err = handler(req)
		if !shouldRetry(cfg.Request, res) || retryCount >= cfg.MaxRetries {
			break
		}

		// rewind the request body for the next attempt
		if cfg.Request.GetBody != nil {
			cfg.Request.Body, err = cfg.Request.GetBody()
			if err != nil {
				return err
			}
		}
		if cfg.Request.GetBody == nil && cfg.Request.Body != nil {
			break
		}

		// close the body of the answer being retried so its connection is
		// freed before the next attempt
		if res != nil && res.Body != nil {
			res.Body.Close()
		}

		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(retryDelay(res, retryCount)):
		}
	}

	if err != nil {
		return err
	}

	if res.StatusCode >= 400 {
		contents, readErr := io.ReadAll(res.Body)
		res.Body.Close()
		if readErr != nil {
			return readErr
		}
		return &APIError{StatusCode: res.StatusCode, Body: string(contents)}
	}

	if into, ok := cfg.ResponseBodyInto.(**http.Response); ok {
		// the caller reads and closes the body (streaming endpoints)
		*into = res
		return nil
	}

	contents, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		return fmt.Errorf("error reading response body: %w", err)
	}
	if cfg.ResponseBodyInto == nil {
		return nil
	}
	if err := json.Unmarshal(contents, cfg.ResponseBodyInto); err != nil {
		return fmt.Errorf("error parsing response json: %w", err)
	}
	return nil
}

// ExecuteNewRequest is what every service method of the SDK calls.
func ExecuteNewRequest(ctx context.Context, method, u string, body, dst any, base *url.URL, client *http.Client) error {
	cfg, err := NewRequestConfig(ctx, method, u, body, dst, base, client)
	if err != nil {
		return err
	}
	return cfg.Execute()
}
