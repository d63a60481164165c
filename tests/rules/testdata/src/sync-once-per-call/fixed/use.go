package fixed

import "sync"

var (
	tmplOnce sync.Once
	tmpl     string
)

// shape: the Once builds the argument-independent part only
func Greeting(name string) string {
	tmplOnce.Do(func() {
		tmpl = "hello, "
	})
	return tmpl + name
}

func Use() []string {
	c := &Client{}
	return []string{c.Conn("db-1:5432"), c.Conn("db-2:5432"), Greeting("ann"), Greeting("bob")}
}
