package main

import (
	"bufio"
	"io"
	"log"
	"os/exec"
	"sync"
)

type ProcessGroup struct {
	set map[*exec.Cmd]bool
	wg  sync.WaitGroup
	mu  sync.Mutex
}

func MakeProcessGroup() *ProcessGroup {
	return &ProcessGroup{set: make(map[*exec.Cmd]bool)}
}

func (pg *ProcessGroup) StartProcess(command string, args ...string) (*exec.Cmd, error) {
	cmd := exec.Command(command, args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	pg.wg.Add(2)
	go logOutput(stdout, &pg.wg)
	go logOutput(stderr, &pg.wg)

	pg.mu.Lock()
	pg.set[cmd] = true
	pg.mu.Unlock()
	return cmd, nil
}

func (pg *ProcessGroup) WaitProcess(cmd *exec.Cmd) error {
	pg.wg.Wait()
	err := cmd.Wait()
	pg.mu.Lock()
	delete(pg.set, cmd)
	pg.mu.Unlock()
	return err
}

func logOutput(input io.ReadCloser, wg *sync.WaitGroup) {
	defer wg.Done()
	r := bufio.NewReader(input)
	for {
		line, err := r.ReadString('\n')
		if line != "" {
			log.Print(line)
		}
		if err != nil {
			return
		}
	}
}
