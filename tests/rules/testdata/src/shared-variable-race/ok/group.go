package ok

import "sync"

// Group is a minimal errgroup.Group: Go runs f in a goroutine, Wait waits for all of them
// and returns the first error.
type Group struct {
	wg   sync.WaitGroup
	once sync.Once
	err  error
}

func (g *Group) Go(f func() error) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		if err := f(); err != nil {
			// shape: first error recorded under Once.Do
			g.once.Do(func() {
				g.err = err
			})
		}
	}()
}

func (g *Group) Wait() error {
	g.wg.Wait()
	return g.err
}

// shape: errgroup-style: each goroutine writes its own result, read after g.Wait()
func LoadBoth(a, b func() (string, error)) (string, string, error) {
	var g Group
	var ra, rb string
	g.Go(func() error {
		var err error
		ra, err = a()
		return err
	})
	g.Go(func() error {
		var err error
		rb, err = b()
		return err
	})
	if err := g.Wait(); err != nil {
		return "", "", err
	}
	return ra, rb, nil
}
