// Go 1.24: generic type aliases.

package gosyntax

type Set[T comparable] = map[T]struct{}

type List[T any] = []T

type Pair[K comparable, V any] struct {
	Key K
	Val V
}

type Entry[V any] = Pair[string, V]

type (
	IntSet               = Set[int]
	Lookup[K comparable] = func(K) (Entry[K], bool)
)

func aliasUse() (Set[string], List[int], Entry[int], IntSet) {
	return Set[string]{"a": {}}, List[int]{1}, Entry[int]{Key: "k", Val: 1}, IntSet{}
}
