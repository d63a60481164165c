package requestconfig

import (
	"context"
	"net/http"
	"net/url"
)

// ChatCompletionService is a service of the client, reduced to one call.
type ChatCompletionService struct {
	BaseURL *url.URL
	Client  *http.Client
}

type ChatCompletionNewParams struct {
	Model    string   `json:"model"`
	Messages []string `json:"messages"`
}

type ChatCompletion struct {
	ID      string `json:"id"`
	Choices []struct {
		Message struct {
			Content string `json:"content"`
		} `json:"message"`
	} `json:"choices"`
}

// New creates a chat completion; a 429 or 5xx answer is retried.
func (s *ChatCompletionService) New(ctx context.Context, body ChatCompletionNewParams) (*ChatCompletion, error) {
	var res ChatCompletion
	if err := ExecuteNewRequest(ctx, http.MethodPost, "chat/completions", body, &res, s.BaseURL, s.Client); err != nil {
		return nil, err
	}
	return &res, nil
}
