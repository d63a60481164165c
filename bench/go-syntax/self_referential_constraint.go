// Go 1.26: a generic type may refer to itself in its own type parameter list.

package gosyntax

type Adder[A Adder[A]] interface {
	Add(A) A
}

type money int

func (m money) Add(o money) money { return m + o }

func sum[A Adder[A]](xs ...A) A {
	var s A
	for _, x := range xs {
		s = s.Add(x)
	}
	return s
}

var _ = sum[money](1, 2)
