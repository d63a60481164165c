package node

import (
	"encoding/json"
	"os"
	"path/filepath"
)

type LocalNode struct {
	Name string   `json:"name"`
	IPs  []string `json:"ips"`
}

func readCheckpoint(dir string) (*LocalNode, error) {
	f, err := os.Open(filepath.Join(dir, "node.json"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var n LocalNode
	if err := json.NewDecoder(f).Decode(&n); err != nil {
		return nil, err
	}
	return &n, nil
}

func writeCheckpoint(dir string, n *LocalNode) error {
	f, err := os.CreateTemp(dir, "node.json.*")
	if err != nil {
		return err
	}
	defer f.Close()
	if err := json.NewEncoder(f).Encode(n); err != nil {
		return err
	}
	return os.Rename(f.Name(), filepath.Join(dir, "node.json"))
}
