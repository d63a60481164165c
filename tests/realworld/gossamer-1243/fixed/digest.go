package core

import (
	"context"
	"time"
)

type Header struct{ Number uint64 }

type DigestHandler struct {
	ctx     context.Context
	cancel  context.CancelFunc
	imported chan *Header
	finalised chan *Header
}

func NewDigestHandler(parent context.Context) *DigestHandler {
	ctx, cancel := context.WithCancel(parent)
	h := &DigestHandler{ctx: ctx, cancel: cancel, imported: make(chan *Header, 16), finalised: make(chan *Header, 16)}
	return h
}

func (h *DigestHandler) Start() {
	go h.handleBlockImport(h.ctx)
	go h.handleBlockFinalisation(h.ctx)
}

func (h *DigestHandler) Stop() {
	if h.cancel != nil {
		h.cancel()
	}
}

func (h *DigestHandler) handleBlockImport(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case hdr := <-h.imported:
			_ = hdr
		}
	}
}

func (h *DigestHandler) handleBlockFinalisation(ctx context.Context) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case hdr := <-h.finalised:
			_ = hdr
		case <-t.C:
		}
	}
}
