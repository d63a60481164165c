// Go 1.22: range over an integer.

package gosyntax

func rangeOverInt(n int) int {
	total := 0
	for i := range 10 {
		total += i
	}
	for range n {
		total++
	}
	for i := range uint8(n) {
		total += int(i)
	}
	var j int
	for j = range n {
	}
	return total + j
}
