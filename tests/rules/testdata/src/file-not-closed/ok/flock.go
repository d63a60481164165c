package ok

import (
	"log"
	"os"
	"syscall"
)

// shape: a directory opened to hold a shared lock on it for the rest of the run: its
// descriptor is the lock, and closing the file would release it.

// HoldStateDir keeps other instances from cleaning up the state directory while this one runs.
func HoldStateDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	if err := syscall.Flock(int(d.Fd()), syscall.LOCK_SH); err != nil {
		log.Printf("cannot lock %s: %v", dir, err)
	}
	return nil
}
