package buggy

import (
	"encoding/json"
	"os"
	"path/filepath"
)

type Node struct {
	Name string `json:"name"`
}

// shape: library code opens a file to decode it and never closes it
func ReadCheckpoint(dir string) (*Node, error) {
	f, err := os.Open(filepath.Join(dir, "node.json")) // want "file-not-closed: This function never calls `f.Close\(\)`"
	if err != nil {
		return nil, err
	}
	var n Node
	if err := json.NewDecoder(f).Decode(&n); err != nil {
		return nil, err
	}
	return &n, nil
}
