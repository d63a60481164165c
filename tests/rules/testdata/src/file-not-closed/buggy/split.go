package buggy

import (
	"fmt"
	"io"
	"os"
)

// shape: a file split into parts, each part file closed by a defer registered in the loop:
// every part stays open until the whole split is done
func splitFile(src io.Reader, base string, chunk int64) (int, error) {
	parts := 0
	for {
		dst, err := os.Create(fmt.Sprintf("%s.part%03d", base, parts+1))
		if err != nil {
			return parts, err
		}
		defer dst.Close() // want "file-not-closed: This `defer` releases `dst` only when the function returns, not at the end of the loop's iteration"
		n, err := io.CopyN(dst, src, chunk)
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
