package kuberesolver

import (
	"log"
	"time"
)

// until runs f again and again, backing off between runs, until stopCh is
// closed.
func until(f func(), initialPeriod, maxPeriod time.Duration, stopCh <-chan struct{}) {
	select {
	case <-stopCh:
		return
	default:
	}
	period := initialPeriod
	for {
		func() {
			defer handleCrash()
			f()
		}()
		select {
		case <-stopCh:
			return
		case <-time.After(period):
			if period*2 <= maxPeriod {
				period *= 2
			} else {
				period = initialPeriod
			}
		}
	}
}

func handleCrash() {
	if r := recover(); r != nil {
		log.Printf("kuberesolver: recovered from panic: %v", r)
	}
}
