package fixed

import (
	"encoding/json"
	"os"
	"path/filepath"
)

type Node struct {
	Name string `json:"name"`
}

// shape: the decoded file is closed when the function returns
func ReadCheckpoint(dir string) (*Node, error) {
	f, err := os.Open(filepath.Join(dir, "node.json"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var n Node
	if err := json.NewDecoder(f).Decode(&n); err != nil {
		return nil, err
	}
	return &n, nil
}
