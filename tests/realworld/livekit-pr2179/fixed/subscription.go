package sfu

import "context"

// TrackSettings is a subscriber's request to change what it receives.
type TrackSettings struct {
	Disabled bool
	Quality  int32
}

// Subscription ties a subscriber's DownTrack to the signal connection that
// updates it and to the room that ends it.
type Subscription struct {
	dt *DownTrack
}

// Subscribe creates the DownTrack of a new subscription.
func Subscribe(r TrackReceiver, subscriberID string, onMaxLayer func(dt *DownTrack, layer int32)) *Subscription {
	dt := NewDownTrack(r, subscriberID, RTPCodecTypeVideo)
	dt.OnMaxLayerChanged(onMaxLayer)
	return &Subscription{dt: dt}
}

// HandleSettings applies the subscriber's settings as they arrive on its
// signal connection; it runs in the signal goroutine of the participant.
func (s *Subscription) HandleSettings(ctx context.Context, updates <-chan TrackSettings) {
	for {
		select {
		case u := <-updates:
			s.dt.Mute(u.Disabled)
			s.dt.SetMaxSpatialLayer(u.Quality)
		case <-ctx.Done():
			return
		}
	}
}

// Unsubscribe ends the subscription; the room calls it when the subscriber
// leaves or the publisher unpublishes, from its own goroutine.
func (s *Subscription) Unsubscribe() {
	s.dt.Close()
}
