package app

import (
	"errors"
	"os/exec"
	"sync"
)

type Repo struct{ Path string }

var errNotRepo = errors.New("not a git repository")

func Check(r Repo, out chan<- string, wg *sync.WaitGroup) {
	cmd := exec.Command("git", "-C", r.Path, "status", "--porcelain")
	b, err := cmd.Output()
	if err != nil {
		out <- r.Path + ": " + errNotRepo.Error()
		return
	}
	if len(b) > 0 {
		out <- r.Path + ": modified"
	}
	wg.Done()
}

func Run(repos []Repo) []string {
	out := make(chan string, len(repos))
	var wg sync.WaitGroup
	for _, r := range repos {
		wg.Add(1)
		go Check(r, out, &wg)
	}
	wg.Wait()
	close(out)
	var lines []string
	for l := range out {
		lines = append(lines, l)
	}
	return lines
}
