package batch

import "testing"

func TestRunSkipsNil(t *testing.T) {
	Run([]func() error{nil, func() error { return nil }})
}
