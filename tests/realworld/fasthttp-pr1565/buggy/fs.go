package fasthttp

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// FSCompressedFileSuffixes holds the default suffixes of compressed files,
// keyed by content encoding. It is shared by every FS.
var FSCompressedFileSuffixes = map[string]string{
	"gzip": ".fasthttp.gz",
	"br":   ".fasthttp.br",
}

// FS serves static files from Root.
type FS struct {
	Root           string
	Compress       bool
	CompressBrotli bool

	// CompressedFileSuffix overrides the gzip suffix.
	CompressedFileSuffix string
	// CompressedFileSuffixes overrides the suffix per encoding.
	CompressedFileSuffixes map[string]string

	once sync.Once
	h    RequestHandler
}

// NewRequestHandler builds the handler on first use.
func (fs *FS) NewRequestHandler() RequestHandler {
	fs.once.Do(fs.initRequestHandler)
	return fs.h
}

func (fs *FS) initRequestHandler() {
	compressedFileSuffixes := fs.CompressedFileSuffixes
	if compressedFileSuffixes["br"] == "" || compressedFileSuffixes["gzip"] == "" ||
		compressedFileSuffixes["br"] == compressedFileSuffixes["gzip"] {
		compressedFileSuffixes = FSCompressedFileSuffixes
	}

	if fs.CompressedFileSuffix != "" {
		compressedFileSuffixes["gzip"] = fs.CompressedFileSuffix
		compressedFileSuffixes["br"] = FSCompressedFileSuffixes["br"]
	}

	h := &fsHandler{
		root:                   filepath.Clean(fs.Root),
		compress:               fs.Compress,
		compressBrotli:         fs.CompressBrotli,
		compressedFileSuffixes: compressedFileSuffixes,
	}
	fs.h = h.handleRequest
}

type fsHandler struct {
	root                   string
	compress               bool
	compressBrotli         bool
	compressedFileSuffixes map[string]string
}

func (h *fsHandler) handleRequest(ctx *RequestCtx) {
	fileEncoding := ""
	if h.compress {
		if h.compressBrotli && strings.Contains(ctx.AcceptEncoding, "br") {
			fileEncoding = "br"
		} else if strings.Contains(ctx.AcceptEncoding, "gzip") {
			fileEncoding = "gzip"
		}
	}

	body, err := h.openFSFile(filepath.Join(h.root, ctx.Path), fileEncoding)
	if err != nil {
		ctx.StatusCode = 404
		return
	}
	ctx.ContentEncoding = fileEncoding
	ctx.Body = body
	ctx.StatusCode = 200
}

func (h *fsHandler) openFSFile(filePath, fileEncoding string) ([]byte, error) {
	if fileEncoding == "" {
		return os.ReadFile(filePath)
	}
	compressedFilePath := filePath + h.compressedFileSuffixes[fileEncoding]
	if b, err := os.ReadFile(compressedFilePath); err == nil {
		return b, nil
	}
	return os.ReadFile(filePath)
}
