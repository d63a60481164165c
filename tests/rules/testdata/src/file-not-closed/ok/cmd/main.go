package main

import (
	"encoding/json"
	"fmt"
	"os"
)

// shape: a command reads its one input file and exits; the process ends the descriptor
func main() {
	f, err := os.Open(os.Args[1])
	if err != nil {
		os.Exit(1)
	}
	var v map[string]interface{}
	if err := json.NewDecoder(f).Decode(&v); err != nil {
		os.Exit(1)
	}
	fmt.Println(len(v))
}
