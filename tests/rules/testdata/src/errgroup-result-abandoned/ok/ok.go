package ok

import (
	"context"
	"errors"
)

// Fetcher fetches one URL.
type Fetcher func(ctx context.Context, url string) (string, error)

// shape: the senders give up through ctx.Done once the collector cancels and returns
func FetchAll(ctx context.Context, f Fetcher, urls []string) ([]string, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var g Group
	bodies := make(chan string)
	for _, u := range urls {
		g.Go(func() error {
			b, err := f(ctx, u)
			if err != nil {
				return err
			}
			select {
			case bodies <- b:
			case <-ctx.Done():
			}
			return nil
		})
	}
	go func() {
		g.Wait()
		close(bodies)
	}()
	var out []string
	for b := range bodies {
		if b == "" {
			return nil, errors.New("empty body")
		}
		out = append(out, b)
	}
	return out, g.Wait()
}

// shape: the collector keeps receiving until the channel is closed, remembering the first error
func FirstError(ctx context.Context, f Fetcher, urls []string) error {
	var g Group
	errs := make(chan error)
	for _, u := range urls {
		g.Go(func() error {
			_, err := f(ctx, u)
			errs <- err
			return nil
		})
	}
	go func() {
		g.Wait()
		close(errs)
	}()
	var first error
	for err := range errs {
		if err != nil && first == nil {
			first = err
		}
	}
	return first
}

// shape: the result channel is buffered for every sender, so returning early strands nobody
func Sizes(ctx context.Context, f Fetcher, urls []string) (int, error) {
	var g Group
	sizes := make(chan int, len(urls))
	for _, u := range urls {
		g.Go(func() error {
			b, err := f(ctx, u)
			if err != nil {
				return err
			}
			sizes <- len(b)
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return 0, err
	}
	close(sizes)
	total := 0
	for n := range sizes {
		if n == 0 {
			return 0, errors.New("empty body")
		}
		total += n
	}
	return total, nil
}
