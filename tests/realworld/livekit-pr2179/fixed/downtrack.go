package sfu

import (
	"errors"
	"log"
	"sync"
	"sync/atomic"
	"time"
)

// TrackReceiver is the publisher side a DownTrack forwards from.
type TrackReceiver interface {
	TrackID() string
	DeleteDownTrack(subscriberID string)
}

// RTPCodecType is audio or video.
type RTPCodecType int

const (
	RTPCodecTypeAudio RTPCodecType = iota + 1
	RTPCodecTypeVideo
)

var ErrDownTrackAlreadyBound = errors.New("already bound")

const flushTimeout = 1 * time.Second

// DownTrack is the track used to write packets to one subscriber.
// Its lifecycle is new, bound/unbound, closed; once closed it is not reused.
type DownTrack struct {
	id           string
	subscriberID string
	kind         RTPCodecType
	receiver     TrackReceiver
	forwarder    *Forwarder

	bindLock sync.Mutex
	bound    atomic.Bool

	isClosed atomic.Bool

	blankFramesGeneration atomic.Uint32

	maxLayerNotifierCh chan struct{}

	cbMu                        sync.RWMutex
	onMaxSubscribedLayerChanged func(dt *DownTrack, layer int32)
	onCloseHandler              func(willBeResumed bool)
}

// NewDownTrack returns a DownTrack; a video one starts its max layer
// notifier.
func NewDownTrack(r TrackReceiver, subID string, kind RTPCodecType) *DownTrack {
	d := &DownTrack{
		id:                 r.TrackID(),
		subscriberID:       subID,
		kind:               kind,
		receiver:           r,
		forwarder:          NewForwarder(),
		maxLayerNotifierCh: make(chan struct{}, 20),
	}

	if d.kind == RTPCodecTypeVideo {
		go d.maxLayerNotifierWorker()
	}

	return d
}

// Bind is called by the peer connection once negotiation completes.
func (d *DownTrack) Bind() error {
	d.bindLock.Lock()
	defer d.bindLock.Unlock()

	if d.bound.Load() {
		return ErrDownTrackAlreadyBound
	}
	// closed before bind: the client has already unsubscribed
	if d.IsClosed() {
		return nil
	}
	d.bound.Store(true)
	return nil
}

func (d *DownTrack) postMaxLayerNotifierEvent() {
	d.bindLock.Lock()
	defer d.bindLock.Unlock()

	if d.IsClosed() {
		return
	}

	select {
	case d.maxLayerNotifierCh <- struct{}{}:
	default:
		log.Printf("downtrack %s: max layer notifier event queue full", d.id)
	}
}

// maxLayerNotifierWorker reports the subscriber's max layer to the
// publisher side, and a last "no layer" once the channel is closed.
func (d *DownTrack) maxLayerNotifierWorker() {
	more := true
	for more {
		_, more = <-d.maxLayerNotifierCh

		maxLayerSpatial := InvalidLayerSpatial
		if more {
			maxLayerSpatial = d.forwarder.GetMaxSubscribedSpatial()
		}
		if onMaxSubscribedLayerChanged := d.getOnMaxLayerChanged(); onMaxSubscribedLayerChanged != nil {
			onMaxSubscribedLayerChanged(d, maxLayerSpatial)
		}
	}
}

// Mute enables or disables media forwarding - subscriber triggered.
func (d *DownTrack) Mute(muted bool) {
	changed := d.forwarder.Mute(muted)
	d.handleMute(changed)
}

// PubMute enables or disables media forwarding - publisher side.
func (d *DownTrack) PubMute(pubMuted bool) {
	changed := d.forwarder.PubMute(pubMuted)
	d.handleMute(changed)
}

func (d *DownTrack) handleMute(changed bool) {
	if !changed {
		return
	}

	// mute changes may turn publisher layers on or off
	d.postMaxLayerNotifierEvent()

	d.blankFramesGeneration.Add(1)
}

func (d *DownTrack) IsClosed() bool {
	return d.isClosed.Load()
}

func (d *DownTrack) Close() {
	d.CloseWithFlush(true)
}

// CloseWithFlush closes the track; flush sends blank frames first so the
// remote decoder does not keep showing the last frame.
func (d *DownTrack) CloseWithFlush(flush bool) {
	if d.isClosed.Swap(true) {
		// already closed
		return
	}

	d.bindLock.Lock()
	if d.bound.Load() {
		d.forwarder.Mute(true)
		if flush {
			doneFlushing := d.writeBlankFrameRTP(d.blankFramesGeneration.Add(1))

			// wait a limited time to flush
			timer := time.NewTimer(flushTimeout)
			select {
			case <-doneFlushing:
			case <-timer.C:
				d.blankFramesGeneration.Add(1) // in case flush is still running
			}
			timer.Stop()
		}
		d.bound.Store(false)
	}
	d.receiver.DeleteDownTrack(d.subscriberID)

	// close under the bind lock, which the posters hold across their
	// closed check and their send
	close(d.maxLayerNotifierCh)
	d.bindLock.Unlock()

	if onCloseHandler := d.getOnCloseHandler(); onCloseHandler != nil {
		onCloseHandler(!flush)
	}
}

// writeBlankFrameRTP sends blank frames in the background and closes the
// returned channel when done.
func (d *DownTrack) writeBlankFrameRTP(generation uint32) chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; i < 6; i++ {
			if d.blankFramesGeneration.Load() != generation {
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	return done
}

// SetMaxSpatialLayer caps the layer forwarded to the subscriber.
func (d *DownTrack) SetMaxSpatialLayer(spatialLayer int32) {
	changed, _ := d.forwarder.SetMaxSpatialLayer(spatialLayer)
	if !changed {
		return
	}

	d.postMaxLayerNotifierEvent()
}

// OnCloseHandler sets the function called when the track is closed.
func (d *DownTrack) OnCloseHandler(fn func(willBeResumed bool)) {
	d.cbMu.Lock()
	defer d.cbMu.Unlock()

	d.onCloseHandler = fn
}

func (d *DownTrack) getOnCloseHandler() func(willBeResumed bool) {
	d.cbMu.RLock()
	defer d.cbMu.RUnlock()

	return d.onCloseHandler
}

// OnMaxLayerChanged sets the function told about max layer changes.
func (d *DownTrack) OnMaxLayerChanged(fn func(dt *DownTrack, layer int32)) {
	d.cbMu.Lock()
	defer d.cbMu.Unlock()

	d.onMaxSubscribedLayerChanged = fn
}

func (d *DownTrack) getOnMaxLayerChanged() func(dt *DownTrack, layer int32) {
	d.cbMu.RLock()
	defer d.cbMu.RUnlock()

	return d.onMaxSubscribedLayerChanged
}
