// Package split cuts a package tarball into parts and puts it back together.
package split

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
)

// FileMetadata is written to part000 and describes the parts that follow it.
type FileMetadata struct {
	Sha256Sum string
	Bytes     int64
	Count     int
}

// SplitFile writes srcPath out as parts of chunkSize bytes each, removes the
// original and returns the path of part000, which holds the metadata.
func SplitFile(ctx context.Context, srcPath string, chunkSize int) (_ string, err error) {
	stale, err := filepath.Glob(srcPath + ".part*")
	if err != nil {
		return "", err
	}
	for _, p := range stale {
		if err := os.Remove(p); err != nil {
			return "", err
		}
	}

	src, err := os.Open(srcPath)
	if err != nil {
		return "", err
	}
	defer func() {
		cerr := src.Close()
		if !errors.Is(cerr, os.ErrClosed) {
			err = errors.Join(err, cerr)
		}
	}()

	info, err := src.Stat()
	if err != nil {
		return "", err
	}

	sum := sha256.New()
	parts := 0
	for {
		partPath := fmt.Sprintf("%s.part%03d", srcPath, parts+1)
		dst, err := os.OpenFile(partPath, os.O_CREATE|os.O_RDWR|os.O_TRUNC, 0o644)
		if err != nil {
			return "", err
		}
		defer func(f *os.File) {
			cerr := f.Close()
			if !errors.Is(cerr, os.ErrClosed) {
				err = errors.Join(err, cerr)
			}
		}(dst)

		n, copyErr := io.CopyN(dst, src, int64(chunkSize))
		if copyErr != nil && !errors.Is(copyErr, io.EOF) {
			return "", copyErr
		}
		if _, err := dst.Seek(0, io.SeekStart); err != nil {
			return "", err
		}
		if _, err := io.Copy(sum, dst); err != nil {
			return "", err
		}

		if n == 0 {
			// nothing left: drop the empty part (closed first for Windows)
			if err := dst.Close(); err != nil {
				return "", err
			}
			if err := os.Remove(partPath); err != nil {
				return "", err
			}
			break
		}
		parts++
		if errors.Is(copyErr, io.EOF) {
			break
		}
	}

	if err := src.Close(); err != nil {
		return "", err
	}
	if err := os.Remove(srcPath); err != nil {
		return "", err
	}

	meta, err := json.Marshal(FileMetadata{
		Sha256Sum: fmt.Sprintf("%x", sum.Sum(nil)),
		Bytes:     info.Size(),
		Count:     parts,
	})
	if err != nil {
		return "", fmt.Errorf("unable to marshal the split metadata: %w", err)
	}
	head := fmt.Sprintf("%s.part000", srcPath)
	if err := os.WriteFile(head, meta, 0o644); err != nil {
		return "", fmt.Errorf("unable to write %s: %w", head, err)
	}
	slog.InfoContext(ctx, "package split across files", "count", parts+1)
	return head, nil
}
