package updater

import (
	"context"
	"sync"
)

type Build struct{ ID string }

type InflatedColumn struct{ Build string }

func readColumns(parent context.Context, builds []Build, concurrency int, cols chan<- InflatedColumn) error {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	var wg sync.WaitGroup
	ch := make(chan int)
	errCh := make(chan error, 1)

	for i := 0; i < concurrency; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for idx := range ch {
				select {
				case cols <- InflatedColumn{Build: builds[idx].ID}:
				case <-ctx.Done():
					return
				}
			}
		}()
	}

	go func() {
		wg.Add(1)
		defer wg.Done()
		<-ctx.Done()
	}()

	for idx := range builds {
		select {
		case <-ctx.Done():
			break
		case ch <- idx:
		}
	}
	close(ch)
	cancel()
	wg.Wait()
	select {
	case err := <-errCh:
		return err
	default:
		return nil
	}
}
