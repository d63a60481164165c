package backend

import "time"

const istanbulAnnounceMsg = 0x12

// announceThread periodically checks whether this node should announce its
// enode URL, gossips the announce message while it should, and prunes the
// cache of the other validators' announce messages.
func (sb *Backend) announceThread() {
	sb.announceThreadWg.Add(1)
	defer sb.announceThreadWg.Done()

	checkIfShouldAnnounceTicker := time.NewTicker(5 * time.Second)
	pruneAnnounceDataStructuresTicker := time.NewTicker(10 * time.Minute)
	var announceGossipTicker *time.Ticker
	var announceGossipTickerCh <-chan time.Time

	for {
		select {
		case <-checkIfShouldAnnounceTicker.C:
			shouldAnnounce := sb.shouldAnnounce()
			if shouldAnnounce && announceGossipTicker == nil {
				sb.gossipAnnounce()
				announceGossipTicker = time.NewTicker(1 * time.Minute)
				announceGossipTickerCh = announceGossipTicker.C
			} else if !shouldAnnounce && announceGossipTicker != nil {
				announceGossipTicker.Stop()
				announceGossipTicker = nil
				announceGossipTickerCh = nil
			}

		case <-announceGossipTickerCh:
			sb.gossipAnnounce()

		case <-pruneAnnounceDataStructuresTicker.C:
			sb.pruneAnnounceCache()

		case <-sb.announceThreadQuit:
			checkIfShouldAnnounceTicker.Stop()
			pruneAnnounceDataStructuresTicker.Stop()
			if announceGossipTicker != nil {
				announceGossipTicker.Stop()
			}
			return
		}
	}
}

// shouldAnnounce reports whether the istanbul core runs and peers exist.
func (sb *Backend) shouldAnnounce() bool {
	sb.coreMu.RLock()
	defer sb.coreMu.RUnlock()
	return sb.coreStarted && sb.broadcaster.PeerCount() > 0
}

func (sb *Backend) gossipAnnounce() {
	payload := []byte("announce:" + sb.Address())
	if err := sb.broadcaster.Multicast(nil, payload, istanbulAnnounceMsg); err != nil {
		sb.logger.Printf("announce gossip: %v", err)
	}
}

func (sb *Backend) pruneAnnounceCache() {
	sb.cachedAnnounceMu.Lock()
	defer sb.cachedAnnounceMu.Unlock()
	for addr := range sb.cachedAnnounce {
		if addr == sb.address {
			delete(sb.cachedAnnounce, addr)
		}
	}
}
