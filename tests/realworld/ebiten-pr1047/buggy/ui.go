package mobile

import (
	"sync"
)

// sizeEvent stands in for golang.org/x/mobile's size.Event: the app sends
// one when the surface is created and again on every rotation or resize.
type sizeEvent struct {
	WidthPx  int
	HeightPx int
}

// paintEvent stands in for paint.Event.
type paintEvent struct{}

// UIContext is the game side the UI drives.
type UIContext interface {
	Layout(outsideWidth, outsideHeight float64)
	Update() error
}

type UserInterface struct {
	outsideWidth  float64
	outsideHeight float64

	sizeChanged bool

	// Used for gomobile-build
	gbuildWidthPx   int
	gbuildHeightPx  int
	setGBuildSizeCh chan struct{}

	context UIContext

	m sync.RWMutex
}

var theUI = &UserInterface{outsideWidth: 640, outsideHeight: 480, sizeChanged: true}

func Get() *UserInterface {
	return theUI
}

// appMain is the main routine for gomobile-build mode; events stands in for
// app.App's event channel.
func (u *UserInterface) appMain(events <-chan interface{}) {
	var sizeInited bool
	for e := range events {
		switch e := e.(type) {
		case sizeEvent:
			u.setGBuildSize(e.WidthPx, e.HeightPx)
			sizeInited = true
		case paintEvent:
			if !sizeInited {
				continue
			}
		}
	}
}

// Run starts the game loop and hands the calling goroutine to the app's
// event loop (app.Main upstream).
func (u *UserInterface) Run(context UIContext, events <-chan interface{}) error {
	u.setGBuildSizeCh = make(chan struct{})
	go func() {
		if err := u.run(context); err != nil {
			// As mobile apps never end, run can't return. Just panic here.
			panic(err)
		}
	}()
	u.appMain(events)
	return nil
}

func (u *UserInterface) run(context UIContext) error {
	u.m.Lock()
	u.sizeChanged = true
	u.context = context
	u.m.Unlock()

	// If gomobile-build is used, wait for the outside size fixed.
	if u.setGBuildSizeCh != nil {
		<-u.setGBuildSizeCh
	}

	for {
		u.updateSize(context)
		if err := context.Update(); err != nil {
			return err
		}
	}
}

func (u *UserInterface) updateSize(context UIContext) {
	var outsideWidth, outsideHeight float64

	u.m.Lock()
	sizeChanged := u.sizeChanged
	if sizeChanged {
		if u.gbuildWidthPx == 0 || u.gbuildHeightPx == 0 {
			outsideWidth = u.outsideWidth
			outsideHeight = u.outsideHeight
		} else {
			// gomobile build; the device scale is left out
			outsideWidth = float64(u.gbuildWidthPx)
			outsideHeight = float64(u.gbuildHeightPx)
		}
	}
	u.sizeChanged = false
	u.m.Unlock()

	if sizeChanged {
		context.Layout(outsideWidth, outsideHeight)
	}
}

// setGBuildSize records the surface size and lets run start its loop.
func (u *UserInterface) setGBuildSize(widthPx, heightPx int) {
	u.m.Lock()
	u.gbuildWidthPx = widthPx
	u.gbuildHeightPx = heightPx
	u.sizeChanged = true
	close(u.setGBuildSizeCh)
	u.m.Unlock()
}
