package fixed

// shape: the deferred call gets the value as an argument
func CloseAll(names []string, closeFn func(string)) {
	for _, name := range names {
		defer func(name string) {
			closeFn(name)
		}(name)
	}
}

type group interface {
	Go(func() error)
}

// shape: shadow key and value before the callback
func Each(g group, m map[string]int, f func(string, int) error) {
	for k, v := range m {
		k, v := k, v
		g.Go(func() error {
			return f(k, v)
		})
	}
}
