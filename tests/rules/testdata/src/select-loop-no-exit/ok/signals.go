package ok

import (
	"log"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// shape: the process's signal handler: a goroutine waiting for signals for as long as the
// process runs, on a channel its starter registered with signal.Notify.

// SetupSignals cancels the build on the first signal and gives up on the later ones.
func SetupSignals(cancel func()) {
	signals := make(chan os.Signal, 5)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	go handleSignals(signals, cancel)
}

func handleSignals(signals chan os.Signal, cancel func()) {
	var timeout <-chan time.Time
	timeouts := 0
	escalate := func() {
		timeouts++
		if timeouts > 2 {
			log.Panicln("timed out exiting")
		}
		go cancel()
	}
	for {
		select {
		case s := <-signals:
			log.Println("got signal:", s)
			if timeout != nil {
				escalate()
			}
			timeout = time.Tick(2 * time.Second)
		case <-timeout:
			escalate()
		}
	}
}
