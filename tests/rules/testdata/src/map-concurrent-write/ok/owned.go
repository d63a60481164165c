package ok

import (
	"sort"
	"strings"
)

// placementError collects why no node fits; each request builds its own.
type placementError struct {
	offline bool
	missing map[string]struct{}
}

func (e *placementError) Error() string {
	var tags []string
	for t := range e.missing {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	return "no node fits, missing tags: " + strings.Join(tags, ", ")
}

func (e *placementError) addMissing(tag string) {
	if e.missing == nil {
		e.missing = map[string]struct{}{}
	}
	e.missing[tag] = struct{}{}
}

func (e *placementError) merge(other *placementError) {
	e.offline = e.offline || other.offline
	for t := range other.missing {
		e.addMissing(t)
	}
}

type node struct{ tags map[string]bool }

func fit(nodes []node, want []string) error {
	var perr placementError
	for _, n := range nodes {
		ok := true
		for _, t := range want {
			if !n.tags[t] {
				perr.addMissing(t)
				ok = false
			}
		}
		if ok {
			return nil
		}
	}
	return &perr
}

type placeResult struct{ err error }

// shape: every placementError is made by the call that fills it and handed on only once
// filled, so the goroutines that place requests never share one
func placeAll(clusters [][]node, want []string, out chan<- placeResult) {
	for _, c := range clusters {
		go func(c []node) {
			all := &placementError{}
			if err := fit(c, want); err != nil {
				if pe, ok := err.(*placementError); ok {
					all.merge(pe)
				}
			}
			out <- placeResult{err: all}
		}(c)
	}
}
