package pki

import (
	"context"
	"sync"
	"time"
)

type tidyStatus struct {
	state         string
	certsDeleted  uint
	lastAutoTidy  time.Time
}

type backend struct {
	tidyStatusLock sync.RWMutex
	tidyStatus     *tidyStatus
}

func (b *backend) getLastAutoTidyTime() time.Time {
	b.tidyStatusLock.RLock()
	defer b.tidyStatusLock.RUnlock()
	if b.tidyStatus == nil {
		return time.Time{}
	}
	return b.tidyStatus.lastAutoTidy
}

func (b *backend) startTidyOperation() {
	b.tidyStatusLock.Lock()
	b.tidyStatus = &tidyStatus{state: "Running"}
	b.tidyStatusLock.Unlock()
	go func() {
		b.tidyStatusLock.Lock()
		b.tidyStatus.state = "Finished"
		b.tidyStatus.lastAutoTidy = time.Now()
		b.tidyStatusLock.Unlock()
	}()
}

func (b *backend) pathTidyStatusRead(ctx context.Context) (map[string]interface{}, error) {
	b.tidyStatusLock.RLock()
	defer b.tidyStatusLock.RUnlock()

	resp := map[string]interface{}{"state": "Inactive"}
	if b.tidyStatus == nil {
		return resp, nil
	}
	resp["state"] = b.tidyStatus.state
	resp["cert_store_deleted_count"] = b.tidyStatus.certsDeleted
	resp["last_auto_tidy_finished"] = b.tidyStatus.lastAutoTidy
	return resp, nil
}
