package ok

import (
	"errors"
	"reflect"
	"sync"
)

var fieldNames sync.Map // reflect.Type -> map[string]int or error

func structFields(t reflect.Type) ([]string, error) {
	if t.Kind() != reflect.Struct {
		return nil, errors.New("not a struct")
	}
	var out []string
	for i := 0; i < t.NumField(); i++ {
		out = append(out, t.Field(i).Name)
	}
	return out, nil
}

// shape: a cache keyed by reflect.Type: what it stores is worked out from the type alone, so two racing stores store the same thing
func fieldIndex(t reflect.Type) (map[string]int, error) {
	x, ok := fieldNames.Load(t)
	if !ok {
		names, err := structFields(t)
		if err != nil {
			x = err
		} else {
			m := map[string]int{}
			for i, n := range names {
				m[n] = i
			}
			x = m
		}
		fieldNames.Store(t, x)
	}
	if err, ok := x.(error); ok {
		return nil, err
	}
	return x.(map[string]int), nil
}
