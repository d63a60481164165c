package ok

import (
	"os"
	"path/filepath"
)

// shape: a helper that drops its file on an error path, whose only caller panics on any error:
// the process ends, and the file with it

func overlayFile(dir, name string) (*os.File, error) {
	f, err := os.Create(filepath.Join(dir, name, "BUILD"))
	if err != nil {
		return nil, err
	}
	if _, err := f.WriteString("# generated\n"); err != nil {
		return nil, err
	}
	return f, nil
}

// WriteOverlay writes the overlay's build files; it cannot go on without them.
func WriteOverlay(dir string, names []string) {
	for _, name := range names {
		f, err := overlayFile(dir, name)
		if err != nil {
			panic(err)
		}
		f.Close()
	}
}
