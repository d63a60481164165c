// Go 1.18: generics, in the spellings parsers find hardest.
//
// Pointer and approximation constraints, inline interface constraints, instantiated composite
// literals and method values of generic types.

package gosyntax

type Number interface {
	~int | ~int64 | ~float64
}

type Stack[T any] struct{ items []T }

func (s *Stack[T]) Push(x T) { s.items = append(s.items, x) }

func (s *Stack[_]) Len() int { return len(s.items) }

type ptrTo[T any] interface{ *T }

func zeroOf[T any, P ptrTo[T]]() P { return P(new(T)) }

func sumOf[S ~[]E, E Number](s S) (t E) {
	for _, x := range s {
		t += x
	}
	return t
}

func keep[T interface {
	comparable
	String() string
}](x T) T { return x }

type KV[K comparable, V any] struct {
	K K
	V V
}

func genericsEdges() int {
	s := &Stack[int]{}
	s.Push(1)
	push := (*Stack[int]).Push
	push(s, 2)
	kvs := []KV[string, int]{{"a", 1}, {K: "b", V: 2}}
	_ = zeroOf[int]()
	_ = map[KV[int, int]][]Stack[string]{}
	return s.Len() + len(kvs) + int(sumOf([]float64{1, 2}))
}
