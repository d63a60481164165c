package fixed

import (
	"fmt"
	"io"
	"os"
)

// shape: each part is written by a function of its own, whose defer closes it
func splitFile(src io.Reader, base string, chunk int64) (int, error) {
	parts := 0
	for {
		n, err := writePart(src, fmt.Sprintf("%s.part%03d", base, parts+1), chunk)
		if n > 0 {
			parts++
		}
		if err == io.EOF {
			return parts, nil
		}
		if err != nil {
			return parts, err
		}
	}
}

func writePart(src io.Reader, path string, chunk int64) (int64, error) {
	dst, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	defer dst.Close()
	return io.CopyN(dst, src, chunk)
}
