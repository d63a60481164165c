package replication

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"sync"
	"time"
)

// StartBackup backs up the binlog from p on into files in backupDir.
func (b *BinlogSyncer) StartBackup(backupDir string, p Position, timeout time.Duration) error {
	if err := os.MkdirAll(backupDir, 0755); err != nil {
		return err
	}
	return b.StartBackupWithHandler(p, timeout, func(filename string) (io.WriteCloser, error) {
		return os.OpenFile(path.Join(backupDir, filename), os.O_CREATE|os.O_WRONLY, 0644)
	})
}

// StartBackupWithHandler writes every raw event from p on to the writer the
// handler opens for its binlog file, until timeout passes without an
// event, the syncer is closed, or an error occurs.
func (b *BinlogSyncer) StartBackupWithHandler(p Position, timeout time.Duration,
	handler func(binlogFilename string) (io.WriteCloser, error)) (retErr error) {
	if timeout == 0 {
		// a very long timeout here
		timeout = 30 * 3600 * 24 * time.Second
	}

	// Force use raw mode
	b.parser.SetRawMode(true)

	backupHandler := &BackupEventHandler{handler: handler}

	s, err := b.StartSync(p)
	if err != nil {
		return err
	}

	defer func() {
		if backupHandler.w != nil {
			closeErr := backupHandler.w.Close()
			if retErr == nil {
				retErr = closeErr
			}
		}
	}()

	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()

	for {
		select {
		case <-ctx.Done():
			return nil
		case <-b.ctx.Done():
			return nil
		case err := <-s.ech:
			return err
		case e := <-s.ch:
			if err := backupHandler.HandleEvent(e); err != nil {
				return err
			}
		}
	}
}

// BackupEventHandler writes raw events to one file per binlog.
type BackupEventHandler struct {
	handler func(binlogFilename string) (io.WriteCloser, error)
	w       io.WriteCloser
	mutex   sync.Mutex

	filename string
}

// HandleEvent processes a single event for the backup.
func (h *BackupEventHandler) HandleEvent(e *BinlogEvent) error {
	h.mutex.Lock()
	defer h.mutex.Unlock()

	var err error
	offset := e.Header.LogPos

	switch e.Header.EventType {
	case ROTATE_EVENT:
		if rotate, ok := e.Event.(*RotateEvent); ok {
			h.filename = string(rotate.NextLogName)
		}
		if e.Header.Timestamp == 0 || offset == 0 {
			// fake rotate event
			return nil
		}
	case FORMAT_DESCRIPTION_EVENT:
		// the first event of a binlog: close the old file, open the new one
		if h.w != nil {
			if err = h.w.Close(); err != nil {
				h.w = nil
				return err
			}
		}
		if len(h.filename) == 0 {
			return errors.New("empty binlog filename for FormatDescriptionEvent")
		}
		h.w, err = h.handler(h.filename)
		if err != nil {
			return err
		}
		if _, err = h.w.Write(BinLogFileHeader); err != nil {
			return err
		}
	}

	if h.w == nil {
		return errors.New("writer is not initialized")
	}
	n, err := h.w.Write(e.RawData)
	if err != nil {
		return err
	}
	if n != len(e.RawData) {
		return fmt.Errorf("short write: %w", io.ErrShortWrite)
	}
	return nil
}
