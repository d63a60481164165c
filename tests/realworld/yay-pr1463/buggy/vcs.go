package vcs

import (
	"os/exec"
	"strings"
)

// SHAInfo is the last commit seen for one git source of a -git package.
type SHAInfo struct {
	Protocols []string
	Branch    string
	SHA       string
}

// SHAInfos maps a source URL to its info.
type SHAInfos map[string]SHAInfo

// InfoStore maps a package name to its sources.
type InfoStore map[string]SHAInfos

// getCommit asks the remote for the head commit of branch.
func getCommit(url, branch string, protocols []string) string {
	if len(protocols) == 0 {
		return ""
	}
	out, err := exec.Command("git", "ls-remote", protocols[len(protocols)-1]+"://"+url, branch).Output()
	if err != nil {
		return ""
	}
	fields := strings.Fields(string(out))
	if len(fields) < 2 {
		return ""
	}
	return fields[0]
}

// NeedsUpdate checks every source concurrently and reports whether any of
// them has a new commit. It returns as soon as one update is found.
func (infos SHAInfos) NeedsUpdate() bool {
	// signals that one source was checked and is up to date
	finished := make(chan struct{})
	alive := 0

	// signals that one source has a new commit, to return early
	hasUpdate := make(chan struct{})

	checkHash := func(url string, info SHAInfo) {
		hash := getCommit(url, info.Branch, info.Protocols)
		if hash != "" && hash != info.SHA {
			hasUpdate <- struct{}{}
		} else {
			finished <- struct{}{}
		}
	}

	for url, info := range infos {
		alive++
		go checkHash(url, info)
	}

	for {
		select {
		case <-hasUpdate:
			return true
		case <-finished:
			alive--
			if alive == 0 {
				return false
			}
		}
	}
}
