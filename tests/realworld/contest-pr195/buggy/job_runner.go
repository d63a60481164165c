package runner

import (
	"context"
	"errors"
)

type Job struct {
	ID    int64
	Tests []func(ctx context.Context) error
}

type JobRunner struct{}

var ErrCancelled = errors.New("job cancelled")

func (jr *JobRunner) Run(ctx context.Context, j *Job) error {
	done := make(chan struct{})
	errCh := make(chan error, len(j.Tests))
	go func() {
		for _, t := range j.Tests {
			if err := t(ctx); err != nil {
				errCh <- err
			}
		}
		done <- struct{}{}
	}()
	select {
	case <-done:
	case <-ctx.Done():
		return ErrCancelled
	}
	close(errCh)
	for err := range errCh {
		return err
	}
	return nil
}
