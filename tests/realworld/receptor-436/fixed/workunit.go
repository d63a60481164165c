package workceptor

import (
	"context"
	"os/exec"
)

type commandUnit struct {
	cmd *exec.Cmd
}

func (cw *commandUnit) waitOnSomething() error {
	return cw.cmd.Wait()
}

func (cw *commandUnit) runAndMonitor(ctx context.Context) error {
	doneChan := make(chan bool, 1)
	go func() {
		_ = cw.waitOnSomething()
		doneChan <- true
	}()
	select {
	case <-doneChan:
		return nil
	case <-ctx.Done():
		if cw.cmd.Process != nil {
			_ = cw.cmd.Process.Kill()
		}
		return ctx.Err()
	}
}
