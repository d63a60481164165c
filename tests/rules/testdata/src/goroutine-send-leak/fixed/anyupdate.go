package fixed

import "strings"

type Source struct {
	URL  string
	Want string
}

func latest(url string) string { return strings.ToUpper(url) }

// AnyOutdated checks every source at once and answers as soon as one is outdated; the checkers
// still running see it has returned and drop their answers.
func AnyOutdated(sources []Source) bool {
	upToDate := make(chan struct{})
	outdated := make(chan struct{})
	done := make(chan struct{})
	defer close(done)
	check := func(s Source) {
		if latest(s.URL) != s.Want {
			select {
			case outdated <- struct{}{}:
			case <-done:
			}
		} else {
			select {
			case upToDate <- struct{}{}:
			case <-done:
			}
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
