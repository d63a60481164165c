package buggy

import "strings"

type Source struct {
	URL  string
	Want string
}

func latest(url string) string { return strings.ToUpper(url) }

// AnyOutdated checks every source at once and answers as soon as one is outdated. The checkers
// still running then send into channels nobody reads any more.
func AnyOutdated(sources []Source) bool {
	upToDate := make(chan struct{}) // want "goroutine-send-leak: blocks forever on `upToDate <- struct\{\}\{\}`"
	outdated := make(chan struct{}) // want "goroutine-send-leak: blocks forever on `outdated <- struct\{\}\{\}`"
	check := func(s Source) {
		if latest(s.URL) != s.Want {
			outdated <- struct{}{}
		} else {
			upToDate <- struct{}{}
		}
	}
	for _, s := range sources {
		go check(s)
	}
	left := len(sources)
	for left > 0 {
		select {
		case <-outdated:
			return true
		case <-upToDate:
			left--
		}
	}
	return false
}
