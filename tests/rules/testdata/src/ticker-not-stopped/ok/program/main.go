package main

import (
	"fmt"
	"os"
	"time"
)

type Track struct{}

func (t *Track) Write(frame []byte) error { return nil }

func nextFrame() ([]byte, error) { return nil, nil }

func onOpen(f func()) { go f() }

// shape: one ticker made in main paces the program until it ends
func main() {
	ticker := time.NewTicker(40 * time.Millisecond)
	for range ticker.C {
		if _, err := nextFrame(); err != nil {
			fmt.Println(err)
			break
		}
	}
	pace(&Track{})
	done := make(chan int)
	go recordMetrics(1, done)
	onOpen(func() {
		for range time.Tick(3 * time.Second) {
			if err := announce(); err != nil {
				panic(err)
			}
		}
	})
	select {}
}

// shape: a goroutine whose ticker loop ends only with the program (os.Exit, panic)
func pace(t *Track) {
	go func() {
		ticker := time.NewTicker(40 * time.Millisecond)
		for ; true; <-ticker.C {
			frame, err := nextFrame()
			if err != nil {
				fmt.Println("done")
				os.Exit(0)
			}
			if err := t.Write(frame); err != nil {
				panic(err)
			}
		}
	}()
}

func announce() error { return nil }

// shape: the program's metrics loop, started once by main; it returns when main says so
func recordMetrics(delay int, done chan int) {
	tick := time.NewTicker(time.Duration(delay) * time.Second)
	for {
		select {
		case <-done:
			return
		case <-tick.C:
			fmt.Println("tick")
		}
	}
}
