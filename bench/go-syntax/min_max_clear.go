// Go 1.21: the min, max and clear builtins.

package gosyntax

func minMaxClear(xs []int, m map[string]int) (int, int) {
	lo, hi := min(xs[0], 0), max(xs[0], 0, 1)
	for _, x := range xs {
		lo = min(lo, x)
		hi = max(hi, x)
	}
	clear(m)
	clear(xs[:len(xs)/2])
	return lo, max(hi, min(lo, 2.0))
}
