package github

import (
	"context"
	"fmt"
)

type ghRepo struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	IsArchived  bool   `json:"archived"`
}

type Repositories []ghRepo

// getRepositories walks every page of the org's repository list; the labs
// update check runs it unauthenticated, where 403 rate-limit answers are
// common.
func getRepositories(ctx context.Context, org string) (Repositories, error) {
	var all Repositories
	url := fmt.Sprintf("%s/users/%s/repos", gitHubAPI, org)
	for url != "" {
		var page Repositories
		next, err := httpGetAndUnmarshal(ctx, url, &page)
		if err != nil {
			return nil, err
		}
		all = append(all, page...)
		url = next
	}
	return all, nil
}

// ReadmeOf fetches a project's README through the non-paged helper.
func ReadmeOf(ctx context.Context, org, repo string) (string, error) {
	raw, err := getBytes(ctx, "GET", fmt.Sprintf("%s/repos/%s/%s/readme", gitHubAPI, org, repo), nil)
	if err != nil {
		return "", err
	}
	return string(raw), nil
}
