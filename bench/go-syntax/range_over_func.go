// Go 1.23: range over functions (iterators), iter.Seq and iter.Seq2.

package gosyntax

import (
	"iter"
	"maps"
	"slices"
)

func countTo(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := 0; i < n; i++ {
			if !yield(i) {
				return
			}
		}
	}
}

func enumerate[T any](xs []T) iter.Seq2[int, T] {
	return func(yield func(int, T) bool) {
		for i, x := range xs {
			if !yield(i, x) {
				return
			}
		}
	}
}

func rangeOverFunc(m map[string]int) (int, []string) {
	total := 0
	for x := range countTo(5) {
		total += x
	}
	for i, s := range enumerate([]string{"a", "b"}) {
		total += i + len(s)
	}
	for range countTo(2) {
		total++
	}
	var push func(func() bool)
	push = func(yield func() bool) { yield() }
	for range push {
		break
	}
	next, stop := iter.Pull(countTo(3))
	defer stop()
	if v, ok := next(); ok {
		total += v
	}
	return total, slices.Sorted(maps.Keys(m))
}
