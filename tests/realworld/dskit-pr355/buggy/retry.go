package backoff

import "context"

// Retry calls op until it succeeds, backing off between attempts, and gives
// up when ctx is cancelled (for example a client's request being aborted)
// or the retries run out.
func Retry(ctx context.Context, cfg Config, op func(context.Context) error) error {
	b := New(ctx, cfg)
	var lastErr error
	for b.Ongoing() {
		if lastErr = op(ctx); lastErr == nil {
			return nil
		}
		b.Wait()
	}
	if lastErr != nil {
		return lastErr
	}
	return b.Err()
}
