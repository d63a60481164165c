package ok

import "context"

// Source produces values.
type Source func(ctx context.Context) (int, error)

// shape: the group function selects on ctx.Done as well as the send
func First(ctx context.Context, src Source) (int, error) {
	var g Group
	out := make(chan int)
	g.Go(func() error {
		v, err := src(ctx)
		if err != nil {
			return err
		}
		select {
		case out <- v:
		case <-ctx.Done():
			return ctx.Err()
		}
		return nil
	})
	select {
	case v := <-out:
		return v, g.Wait()
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// shape: the result channel is buffered: the sender never waits, whoever gives up
func Poll(ctx context.Context, src Source) (int, error) {
	var g Group
	out := make(chan int, 1)
	g.Go(func() error {
		v, err := src(ctx)
		if err != nil {
			return err
		}
		out <- v
		return nil
	})
	select {
	case v := <-out:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// shape: the producer closes the channel when it gives up, which ends the consumer's range
func Feed(ctx context.Context, values []int, sink func(int)) error {
	ch := make(chan int)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for v := range ch {
			sink(v)
		}
	}()
	defer func() { <-done }()
	defer close(ch)
	for _, v := range values {
		select {
		case ch <- v:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}
