package ok

import (
	"errors"
	"sync"
)

type Screen struct{ w, h int }

// App embeds its lock; init runs with it held and lets it go before each failure it reports.
type App struct {
	sync.Mutex
	screen  *Screen
	running bool
}

func newScreen(w, h int) (*Screen, error) {
	if w <= 0 || h <= 0 {
		return nil, errors.New("no terminal")
	}
	return &Screen{w, h}, nil
}

func (a *App) init(w, h int) error {
	if a.screen != nil {
		return nil
	}
	s, err := newScreen(w, h)
	if err != nil {
		a.Unlock()
		return err
	}
	a.screen = s
	return nil
}

// shape: the callee releases the caller's lock on each of its error returns
func (a *App) Run(w, h int) error {
	a.Lock()
	err := a.init(w, h)
	if err != nil {
		return err
	}
	a.running = true
	a.Unlock()
	return nil
}
