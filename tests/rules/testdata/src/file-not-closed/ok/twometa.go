package ok

import (
	"encoding/json"
	"os"
	"path/filepath"
)

// dumpMeta writes the original and the augmented meta-data: two passes, two files open until it
// returns, never more.
func dumpMeta(dir string, original, augmented map[string]interface{}) error {
	for _, aug := range []bool{false, true} {
		meta, name := original, "meta-data"
		if aug {
			meta, name = augmented, "meta-data-augment"
		}
		if len(meta) == 0 {
			continue
		}
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		defer f.Close()
		if err := json.NewEncoder(f).Encode(meta); err != nil {
			return err
		}
	}
	return nil
}
