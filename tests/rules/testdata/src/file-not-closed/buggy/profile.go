package buggy

import (
	"fmt"
	"os"
	"runtime/pprof"
)

// shape: a profile that fails to start (one is already running) keeps nothing: the file is left open on that path, in a long-running server
func startCPUProfile(path string) error {
	f, err := os.Create(path) // want "file-not-closed: This function never calls `f.Close..`"
	if err != nil {
		return err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		return fmt.Errorf("start profile: %w", err)
	}
	return nil
}
