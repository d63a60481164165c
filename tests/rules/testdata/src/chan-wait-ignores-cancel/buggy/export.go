package buggy

import (
	"context"
	"fmt"
	"io"
)

// Exporter writes rows to a sink from its own goroutine.
type Exporter struct {
	W io.Writer
}

// shape: a writer goroutine waits to receive; the producer's send gives up on ctx.Done
func (e *Exporter) Export(ctx context.Context, rows []Row) error {
	batch := make(chan []Row)
	go func() {
		b := <-batch // want "chan-wait-ignores-cancel: blocks forever and leaks"
		for _, row := range b {
			fmt.Fprintf(e.W, "%s,%d\n", row.Region, row.Total)
		}
	}()
	select {
	case batch <- rows:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// shape: a group function in a loop of its own, streaming totals to a collector that stops on cancel
func (r *Reports) Stream(ctx context.Context, names []string) (int, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var g Group
	totals := make(chan int)
	g.Go(func() error {
		for _, n := range names {
			region, err := regionOf(n)
			if err != nil {
				return err
			}
			rows, err := r.Query(ctx, region)
			if err != nil {
				return err
			}
			totals <- len(rows) // want "chan-wait-ignores-cancel: blocks forever and leaks"
		}
		return nil
	})
	sum := 0
	for range names {
		select {
		case t := <-totals:
			sum += t
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
	return sum, g.Wait()
}
