package deps

import (
	"context"
	"sync"
)

type Tool interface {
	Name() string
	Deps(ctx context.Context, app string) (map[string]string, error)
}

type result struct {
	tool string
	deps map[string]string
}

type Detector struct {
	tools []Tool
}

func (d *Detector) Deps(ctx context.Context, app string) (map[string]string, string, bool) {
	results := make(chan result)
	done := make(chan struct{})
	var wg sync.WaitGroup
	for _, t := range d.tools {
		wg.Add(1)
		go func(t Tool) {
			defer wg.Done()
			deps, err := t.Deps(ctx, app)
			if err != nil {
				return
			}
			results <- result{tool: t.Name(), deps: deps}
		}(t)
	}
	go func() {
		wg.Wait()
		close(done)
	}()
	select {
	case r := <-results:
		return r.deps, r.tool, true
	case <-done:
		return nil, "", false
	}
}
