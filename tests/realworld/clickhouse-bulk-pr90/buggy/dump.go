package main

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

var ErrNoDumps = errors.New("No dumps")

type Dumper interface {
	Dump(params string, data string, response string, prefix string, status int) error
}

type Sender interface {
	SendQuery(r *ClickhouseRequest) (string, int, error)
}

// FileDumper writes failed batches to disk and its listener resends them.
type FileDumper struct {
	Path        string
	DumpNum     int
	LockedFiles map[string]bool
	mu          sync.Mutex
}

func (d *FileDumper) Dump(params string, content string, response string, prefix string, status int) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := os.MkdirAll(d.Path, 0o777); err != nil {
		return err
	}
	d.DumpNum++
	name := "dump" + prefix + "-" + strconv.Itoa(d.DumpNum) + "-" + strconv.Itoa(status) + ".dmp"
	return os.WriteFile(path.Join(d.Path, name), []byte(params+"\n"+content), 0o644)
}

func (d *FileDumper) GetDump() (string, error) {
	files, err := os.ReadDir(d.Path)
	if err != nil {
		return "", err
	}
	var dumps []string
	for _, f := range files {
		if filepath.Ext(f.Name()) == ".dmp" && !d.LockedFiles[f.Name()] {
			dumps = append(dumps, f.Name())
		}
	}
	if len(dumps) == 0 {
		return "", ErrNoDumps
	}
	sort.Strings(dumps)
	return dumps[0], nil
}

// ProcessNextDump sends the oldest dump and deletes it once it went through.
func (d *FileDumper) ProcessNextDump(sender Sender) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	f, err := d.GetDump()
	if err != nil {
		return err
	}
	data, err := os.ReadFile(path.Join(d.Path, f))
	if err != nil {
		return fmt.Errorf("Dump read error: %+v", err)
	}
	lines := strings.SplitN(string(data), "\n", 2)
	req := &ClickhouseRequest{Params: lines[0]}
	if len(lines) > 1 {
		req.Content = lines[1]
	}
	if _, status, err := sender.SendQuery(req); err != nil {
		return fmt.Errorf("server error (%+v) %+v", status, err)
	}
	if err := os.Remove(path.Join(d.Path, f)); err != nil {
		d.LockedFiles[f] = true
		return fmt.Errorf("Dump delete error: %+v", err)
	}
	return nil
}

func (d *FileDumper) Listen(sender Sender, interval int) {
	d.LockedFiles = make(map[string]bool)
	ticker := time.NewTicker(time.Second * time.Duration(interval))
	go func() {
		for range ticker.C {
			for d.ProcessNextDump(sender) == nil {
			}
		}
	}()
}
