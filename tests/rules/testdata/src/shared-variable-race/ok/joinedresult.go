package ok

import (
	"errors"
	"sync"
)

type workGroup struct {
	wg  sync.WaitGroup
	mu  sync.Mutex
	err error
}

func (g *workGroup) Go(f func() error) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		if err := f(); err != nil {
			g.mu.Lock()
			if g.err == nil {
				g.err = err
			}
			g.mu.Unlock()
		}
	}()
}

func (g *workGroup) Wait() error {
	g.wg.Wait()
	return g.err
}

// compareTrees' walker assigns the captured named result; `return g.Wait()` sets it only once
// the walker has finished.
func compareTrees(a, b []string) (err error) {
	var g workGroup
	g.Go(func() error {
		for i := range a {
			if i >= len(b) || a[i] != b[i] {
				err = errors.New("trees differ")
				return err
			}
		}
		return nil
	})
	return g.Wait()
}
