// Go 1.27: a struct literal may name a field promoted from an embedded struct.

package gosyntax

type inner struct{ Depth int }

type outer struct {
	inner
	Name string
}

var promoted = outer{Depth: 1, Name: "n"}
