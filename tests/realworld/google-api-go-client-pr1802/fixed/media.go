package gensupport

import (
	"bytes"
	"io"
)

// MediaBuffer hands out the upload's content one chunk at a time.
type MediaBuffer struct {
	data      []byte
	chunkSize int
	off       int
}

func NewMediaBuffer(data []byte, chunkSize int) *MediaBuffer {
	return &MediaBuffer{data: data, chunkSize: chunkSize}
}

// Chunk returns the current chunk, its offset and size; err is io.EOF when
// it is the last one.
func (mb *MediaBuffer) Chunk() (chunk io.Reader, off int64, size int, err error) {
	end := mb.off + mb.chunkSize
	if end >= len(mb.data) {
		end = len(mb.data)
		err = io.EOF
	}
	return bytes.NewReader(mb.data[mb.off:end]), int64(mb.off), end - mb.off, err
}

// Next moves on to the following chunk once the server has accepted this one.
func (mb *MediaBuffer) Next() {
	mb.off += mb.chunkSize
}
