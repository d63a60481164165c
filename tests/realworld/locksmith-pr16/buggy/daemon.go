// Command locksmithctl, reduced to its daemon: it waits until update_engine
// says a reboot is needed, takes the cluster-wide reboot lock and reboots.
package main

import (
	"fmt"
	"os"
	"sync"
	"time"
)

const (
	initialInterval = time.Second * 5
	maxInterval     = time.Minute * 5
)

const (
	StrategyReboot     = "reboot"
	StrategyEtcdLock   = "etcd-lock"
	StrategyBestEffort = "best-effort"
)

func expBackoff(interval time.Duration) time.Duration {
	interval = interval * 2
	if interval > maxInterval {
		interval = maxInterval
	}
	return interval
}

type rebooter struct {
	strategy string
	lgn      *login
}

// reboot takes the reboot lock, unless the strategy says not to, and reboots.
func (r rebooter) reboot() int {
	if r.strategy != StrategyReboot {
		lck, err := setupLock()
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		if err := lck.Lock(); err != nil && err != ErrExist {
			fmt.Fprintln(os.Stderr, "Error locking:", err)
			return 1
		}
	}
	r.lgn.Reboot(false)
	fmt.Println("Error: reboot attempt never finished")
	return 1
}

// unlockIfHeld releases the reboot lock if this machine holds it.
func unlockIfHeld(lck *Lock) error {
	err := lck.Unlock()
	if err == ErrNotExist {
		return nil
	} else if err == nil {
		fmt.Println("Unlocked existing lock for this machine")
		return nil
	}
	return err
}

// unlockHeldLocks retries until it knows that a lock this machine held
// before its last reboot is released, or until stop is closed.
func unlockHeldLocks(stop chan struct{}, wg sync.WaitGroup) {
	defer wg.Done()
	interval := initialInterval
	for {
		var reason string
		select {
		case <-stop:
			return
		case <-time.After(interval):
			lck, err := setupLock()
			if err != nil {
				reason = "error setting up lock"
				break
			}
			err = unlockIfHeld(lck)
			if err == nil {
				return
			}
			reason = err.Error()
		}

		interval = expBackoff(interval)
		fmt.Printf("Unlocking old locks failed: %v. Retrying in %v.\n", reason, interval)
	}
}

func runDaemon(args []string) int {
	strategy := os.Getenv("REBOOT_STRATEGY")
	if strategy == "" {
		strategy = StrategyBestEffort
	}

	ue := newUpdateEngine()
	lgn := &login{}

	var wg sync.WaitGroup
	stopUnlock := make(chan struct{}, 1)
	if strategy != StrategyReboot {
		wg.Add(1)
		go unlockHeldLocks(stopUnlock, wg)
	}

	ch := make(chan Status, 1)
	go ue.RebootNeededSignal(ch)

	r := rebooter{strategy, lgn}

	result, err := ue.GetStatus()
	if err != nil {
		fmt.Fprintln(os.Stderr, "Cannot get update engine status:", err)
		return 1
	}

	fmt.Printf("locksmithd starting currentOperation=%q strategy=%q\n",
		result.CurrentOperation,
		strategy,
	)

	if result.CurrentOperation != UpdateStatusUpdatedNeedReboot {
		<-ch
	}

	// stop the unlock loop and wait for it before taking the lock again
	close(stopUnlock)
	wg.Wait()

	return r.reboot()
}

func main() {
	os.Exit(runDaemon(os.Args[1:]))
}
