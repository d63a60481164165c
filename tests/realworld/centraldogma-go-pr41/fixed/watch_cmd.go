package cmd

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
)

type Watcher struct{ updates chan string }

func (w *Watcher) Watch(fn func(string)) {
	go func() {
		for u := range w.updates {
			fn(u)
		}
	}()
}

func (w *Watcher) Close() { close(w.updates) }

type client struct{}

func (c *client) FileWatcher(ctx context.Context, project, repo, path string) (*Watcher, error) {
	if path == "" {
		return nil, errors.New("empty path")
	}
	return &Watcher{updates: make(chan string)}, nil
}

type watchCommand struct {
	project, repo, path string
}

func (wc *watchCommand) execute(c *client) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	watcher, err := c.FileWatcher(ctx, wc.project, wc.repo, wc.path)
	if err != nil {
		return err
	}
	done := make(chan struct{})
	watcher.Watch(func(v string) {
		fmt.Println(v)
	})
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	go func() {
		<-sig
		cancel()
		close(done)
	}()
	<-done
	watcher.Close()
	return nil
}
