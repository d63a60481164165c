package llm

import (
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"example.com/ollama-pr3320/errgroup"
)

// libEmbed holds the runner libraries built into the binary (an embed.FS upstream).
var libEmbed fs.FS

var payloadMissing = errors.New("expected dynamic library payloads not included in this build")

// llama.cpp/build/$OS/$GOARCH/$VARIANT/lib/$LIBRARY
const pathComponentCount = 7

var availableDynLibs = map[string]string{}

func nativeInit(payloadsDir string) error {
	libs, err := extractDynamicLibs(payloadsDir, "llama.cpp/build/*/*/*/lib/*")
	if err != nil {
		return err
	}
	for _, lib := range libs {
		availableDynLibs[filepath.Base(filepath.Dir(lib))] = lib
	}
	return nil
}

// extractDynamicLibs writes every payload file to libDir, one goroutine per
// file, and returns the paths of the server libraries it wrote.
func extractDynamicLibs(libDir, glob string) ([]string, error) {
	files, err := fs.Glob(libEmbed, glob)
	if err != nil || len(files) == 0 {
		return nil, payloadMissing
	}
	var mu sync.Mutex
	var libs []string
	var g errgroup.Group
	for _, file := range files {
		pathComps := strings.Split(file, "/")
		if len(pathComps) != pathComponentCount {
			slog.Error(fmt.Sprintf("unexpected payload components: %v", pathComps))
			continue
		}

		file := file
		g.Go(func() error {
			targetDir := filepath.Join(libDir, pathComps[pathComponentCount-3])
			srcFile, err := libEmbed.Open(file)
			if err != nil {
				return fmt.Errorf("read payload %s: %v", file, err)
			}
			defer srcFile.Close()
			if err := os.MkdirAll(targetDir, 0o755); err != nil {
				return fmt.Errorf("create payload lib dir %s: %v", libDir, err)
			}
			src := io.Reader(srcFile)
			filename := file
			if strings.HasSuffix(file, ".gz") {
				src, err = gzip.NewReader(src)
				if err != nil {
					return fmt.Errorf("decompress payload %s: %v", file, err)
				}
				filename = strings.TrimSuffix(filename, ".gz")
			}

			destFile := filepath.Join(targetDir, filepath.Base(filename))
			if strings.Contains(destFile, "server") {
				mu.Lock()
				libs = append(libs, destFile)
				mu.Unlock()
			}

			destFp, err := os.OpenFile(destFile, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o755)
			if err != nil {
				return fmt.Errorf("write payload %s: %v", file, err)
			}
			defer destFp.Close()
			if _, err := io.Copy(destFp, src); err != nil {
				return fmt.Errorf("copy payload %s: %v", file, err)
			}
			return nil
		})
	}
	return libs, g.Wait()
}
