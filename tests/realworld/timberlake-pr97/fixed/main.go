package main

import "log"

func main() {
	jt := newJobTracker(func() ([]jobDetail, error) { return nil, nil })
	jt.Loop()
	for j := range jt.updates {
		log.Println("update", j.Details.ID, j.Details.State)
	}
}
