package buggy

import "sync"

var (
	tmplOnce sync.Once
	tmpl     string
)

// shape: a package-level Once whose function uses the caller's name
func Greeting(name string) string {
	tmplOnce.Do(func() { // want "sync-once-per-call: [Oo]nce"
		tmpl = "hello, " + name
	})
	return tmpl
}

func Use() []string {
	c := &Client{}
	return []string{c.Conn("db-1:5432"), c.Conn("db-2:5432"), Greeting("ann"), Greeting("bob")}
}
