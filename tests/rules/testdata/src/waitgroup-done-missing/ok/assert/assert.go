// Package assert stands in for testify's assert: each check reports a failure to t and
// returns whether it held.
package assert

import "testing"

func NoError(t testing.TB, err error, msgs ...interface{}) bool {
	t.Helper()
	if err != nil {
		t.Errorf("unexpected error: %v %v", err, msgs)
		return false
	}
	return true
}
