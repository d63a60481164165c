package main

import (
	"net"
	"os"
	"os/signal"
)

// shape: main's accept loop reports its error on an unbuffered channel; when a signal wins the
// select, main returns and the process ends with the goroutine
func main() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		os.Exit(1)
	}
	errs := make(chan error)
	term := make(chan os.Signal, 1)
	signal.Notify(term, os.Interrupt)
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				errs <- err
				return
			}
			conn.Close()
		}
	}()
	select {
	case <-term:
	case <-errs:
	}
	ln.Close()
}
