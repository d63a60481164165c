package gocui

import "time"

type Gui struct {
	stop     chan struct{}
	gEvents  chan string
	userEvents chan func(*Gui) error
}

func NewGui() *Gui {
	g := &Gui{stop: make(chan struct{}), gEvents: make(chan string, 20), userEvents: make(chan func(*Gui) error, 20)}
	return g
}

func (g *Gui) MainLoop() error {
	go func() {
		for {
			select {
			case <-g.stop:
				return
			default:
				g.gEvents <- pollEvent()
			}
		}
	}()
	go func() {
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-g.stop:
				return
			case <-t.C:
				g.userEvents <- func(*Gui) error { return nil }
			}
		}
	}()
	return nil
}

func pollEvent() string {
	time.Sleep(10 * time.Millisecond)
	return "key"
}

func (g *Gui) Close() {
	g.stop <- struct{}{}
}
