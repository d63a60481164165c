package gensupport

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// Backoff gives the pause before the next retry of a chunk.
type Backoff interface {
	Pause() time.Duration
}

type expBackoff struct{ cur time.Duration }

func (b *expBackoff) Pause() time.Duration {
	if b.cur == 0 {
		b.cur = 100 * time.Millisecond
	} else if b.cur < 30*time.Second {
		b.cur *= 2
	}
	return b.cur
}

var (
	// retryDeadline bounds the retries of a single chunk.
	retryDeadline = 32 * time.Second
	backoff       = func() Backoff { return &expBackoff{} }
)

// ResumableUpload uploads Media to URI chunk by chunk, retrying each chunk.
type ResumableUpload struct {
	Client    *http.Client
	URI       string
	Media     *MediaBuffer
	MediaType string

	mu       sync.Mutex
	progress int64
}

func (rx *ResumableUpload) doUploadRequest(ctx context.Context, data io.Reader, off, size int64, final bool) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, "POST", rx.URI, data)
	if err != nil {
		return nil, err
	}
	req.ContentLength = size
	if final {
		req.Header.Set("Content-Range", fmt.Sprintf("bytes %v-%v/%v", off, off+size-1, off+size))
	} else {
		req.Header.Set("Content-Range", fmt.Sprintf("bytes %v-%v/*", off, off+size-1))
	}
	req.Header.Set("Content-Type", rx.MediaType)
	req.Header.Set("X-GUploader-No-308", "yes")
	return rx.Client.Do(req)
}

func statusResumeIncomplete(resp *http.Response) bool {
	return resp != nil && resp.Header.Get("X-Http-Status-Code-Override") == "308"
}

// transferChunk sends the current chunk once.
func (rx *ResumableUpload) transferChunk(ctx context.Context) (*http.Response, error) {
	chunk, off, size, err := rx.Media.Chunk()
	done := err == io.EOF
	if !done && err != nil {
		return nil, err
	}
	res, err := rx.doUploadRequest(ctx, chunk, off, int64(size), done)
	if err != nil {
		return res, err
	}
	if res.StatusCode == http.StatusOK {
		rx.mu.Lock()
		rx.progress = off + int64(size)
		rx.mu.Unlock()
	}
	if statusResumeIncomplete(res) {
		rx.Media.Next()
	}
	return res, nil
}

func shouldRetry(status int, err error) bool {
	return (500 <= status && status <= 599) || status == 429 || err == io.ErrUnexpectedEOF
}

// Upload sends every chunk, retrying each with backoff until the chunk's
// retry deadline. Exactly one of resp and err is nil.
func (rx *ResumableUpload) Upload(ctx context.Context) (resp *http.Response, err error) {
	prepareReturn := func(resp *http.Response, err error) (*http.Response, error) {
		if err != nil {
			if resp != nil && resp.Body != nil {
				resp.Body.Close()
			}
			return nil, err
		}
		return resp, nil
	}

	// Send all chunks.
	for {
		var pause time.Duration

		// Each chunk starts with a fresh backoff and its own deadline.
		bo := backoff()
		quitAfter := time.After(retryDeadline)

		// Retry loop for a single chunk.
		for {
			select {
			case <-ctx.Done():
				if err == nil {
					err = ctx.Err()
				}
				return prepareReturn(resp, err)
			case <-time.After(pause):
			case <-quitAfter:
				return prepareReturn(resp, err)
			}

			resp, err = rx.transferChunk(ctx)

			var status int
			if resp != nil {
				status = resp.StatusCode
			}
			if !shouldRetry(status, err) {
				break
			}

			pause = bo.Pause()
			if resp != nil && resp.Body != nil {
				resp.Body.Close()
			}
		}

		// The chunk went through and more remain: go on without delay.
		if statusResumeIncomplete(resp) {
			resp.Body.Close()
			continue
		}

		return prepareReturn(resp, err)
	}
}
