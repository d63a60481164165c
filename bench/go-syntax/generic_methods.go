// Go 1.27: methods with their own type parameters.

package gosyntax

type Box struct{ items []int }

func (b *Box) Map[U any](f func(int) U) []U {
	out := make([]U, 0, len(b.items))
	for _, x := range b.items {
		out = append(out, f(x))
	}
	return out
}

func (b Box) Fold[A any, R ~[]A](init R, f func(R, int) R) R {
	acc := init
	for _, x := range b.items {
		acc = f(acc, x)
	}
	return acc
}

func genericMethods(b *Box) ([]string, []int) {
	return b.Map[string](func(int) string { return "" }), b.Fold([]int(nil), func(r []int, x int) []int { return append(r, x) })
}
