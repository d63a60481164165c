package ok

import (
	"reflect"
	"sync"
)

// shape: a cache of wrappers built from the key and the type's own fixed fields: two goroutines
// that both miss build equal wrappers, and keeping either loses nothing.

type enumWrapper struct {
	num    int32
	parent *enumType
	goType reflect.Type
}

type enumType struct {
	goType reflect.Type
	m      sync.Map // int32 -> *enumWrapper
}

// New returns the wrapper of one enum value.
func (t *enumType) New(n int32) *enumWrapper {
	if e, ok := t.m.Load(n); ok {
		return e.(*enumWrapper)
	}
	e := &enumWrapper{num: n, parent: t, goType: t.goType}
	t.m.Store(n, e)
	return e
}
