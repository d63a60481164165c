// Package closer stands for a helper of another module that closes what it is given.
package closer

import "io"

// CheckClose closes c and keeps its error in *err if there was none yet.
func CheckClose(c io.Closer, err *error) {
	if cerr := c.Close(); cerr != nil && *err == nil {
		*err = cerr
	}
}
