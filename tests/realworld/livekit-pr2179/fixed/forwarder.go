package sfu

import "sync"

// InvalidLayerSpatial means no spatial layer is wanted.
const InvalidLayerSpatial = int32(-1)

// Forwarder decides which layers of the publisher's track a subscriber gets.
type Forwarder struct {
	lock       sync.RWMutex
	muted      bool
	pubMuted   bool
	maxSpatial int32
}

func NewForwarder() *Forwarder {
	return &Forwarder{maxSpatial: 2}
}

// Mute sets the subscriber mute and reports whether it changed.
func (f *Forwarder) Mute(muted bool) bool {
	f.lock.Lock()
	defer f.lock.Unlock()
	if f.muted == muted {
		return false
	}
	f.muted = muted
	return true
}

// PubMute sets the publisher mute and reports whether it changed.
func (f *Forwarder) PubMute(pubMuted bool) bool {
	f.lock.Lock()
	defer f.lock.Unlock()
	if f.pubMuted == pubMuted {
		return false
	}
	f.pubMuted = pubMuted
	return true
}

// SetMaxSpatialLayer caps the spatial layer and reports whether it changed.
func (f *Forwarder) SetMaxSpatialLayer(layer int32) (bool, int32) {
	f.lock.Lock()
	defer f.lock.Unlock()
	if f.maxSpatial == layer {
		return false, layer
	}
	f.maxSpatial = layer
	return true, layer
}

// GetMaxSubscribedSpatial is the highest layer the subscriber wants now.
func (f *Forwarder) GetMaxSubscribedSpatial() int32 {
	f.lock.RLock()
	defer f.lock.RUnlock()
	if f.muted {
		return InvalidLayerSpatial
	}
	return f.maxSpatial
}
