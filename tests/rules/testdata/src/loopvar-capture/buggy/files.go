package buggy

// shape: a deferred closure in a loop sees only the last value
func CloseAll(names []string, closeFn func(string)) {
	for _, name := range names {
		defer func() {
			closeFn(name) // want "loopvar-capture: shares across all iterations"
		}()
	}
}

type group interface {
	Go(func() error)
}

// shape: a key and value captured by an errgroup-style Go callback
func Each(g group, m map[string]int, f func(string, int) error) {
	for k, v := range m {
		g.Go(func() error {
			return f(k, v) // want "loopvar-capture: shares across all iterations"
		})
	}
}
