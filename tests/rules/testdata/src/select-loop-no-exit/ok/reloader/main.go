package main

import (
	"os"
	"os/signal"
	"syscall"
)

func main() {
	os.Exit(run())
}

// shape: the program's body, run once by main, starts the reload loop that lives as long as the
// process
func run() int {
	hup := make(chan os.Signal, 1)
	term := make(chan os.Signal, 1)
	reloads := make(chan chan error)
	signal.Notify(hup, syscall.SIGHUP)
	signal.Notify(term, os.Interrupt, syscall.SIGTERM)
	go func() {
		for {
			select {
			case <-hup:
				println("reloading")
			case errc := <-reloads:
				errc <- nil
			}
		}
	}()
	<-term
	return 0
}

// shape: a program's test case, run once by main: its exported Run is a name no other package
// can call
type TestCase struct {
	runs  int
	runCh chan bool
}

func (t *TestCase) Run() {
	go t.monitor()
}

func (t *TestCase) monitor() {
	for {
		select {
		case ok := <-t.runCh:
			if ok {
				t.runs++
			}
		}
	}
}

func init() {
	tc := &TestCase{runCh: make(chan bool)}
	tc.Run()
}
