// Go 1.26: new with an expression operand, giving a pointer to a copy of its value.

package gosyntax

type config struct {
	Retries *int
	Name    *string
}

func label() string { return "x" }

func newExpr() config {
	p := new(42)
	q := new(int64(-64))
	_ = new(label())
	_ = new(1 < 2)
	return config{Retries: new(*p + int(*q)), Name: new("svc")}
}
