package fixed

import (
	"context"
	"log"
)

type backend interface {
	Run(ctx context.Context) error
}

type ProviderRunner struct {
	newBackend func() (backend, error)
}

// Start runs the backend in the background; its goroutine keeps its error to itself.
func (r *ProviderRunner) Start(ctx context.Context) (err error) {
	var b backend
	b, err = r.newBackend()
	if err != nil {
		return err
	}
	go func() {
		if err := b.Run(ctx); err != nil {
			log.Printf("backend stopped: %v", err)
		}
	}()
	return nil
}
