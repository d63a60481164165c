package buggy

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

// Start runs the backend in the background. Its goroutine assigns the captured named result,
// which `return nil` sets too.
func (r *ProviderRunner) Start(ctx context.Context) (err error) {
	var b backend
	b, err = r.newBackend()
	if err != nil {
		return err
	}
	go func() {
		if err = b.Run(ctx); err != nil { // want "shared-variable-race: sets the named result with `return nil`"
			log.Printf("backend stopped: %v", err)
		}
	}()
	return nil
}
