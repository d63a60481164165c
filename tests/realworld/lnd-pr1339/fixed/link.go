package htlcswitch

import (
	"log"
	"sync"
)

type ForwardingPolicy struct {
	MinHTLC  uint64
	BaseFee  uint64
}

type ShortChannelID uint64

type channelLink struct {
	sync.RWMutex
	shortChanID ShortChannelID
	policy      ForwardingPolicy
}

func (l *channelLink) ShortChanID() ShortChannelID {
	l.RLock()
	defer l.RUnlock()
	return l.shortChanID
}

func (l *channelLink) UpdateShortChanID(sid ShortChannelID) {
	l.Lock()
	l.shortChanID = sid
	l.Unlock()
}

func (l *channelLink) UpdateForwardingPolicy(p ForwardingPolicy) {
	l.Lock()
	l.policy = p
	l.Unlock()
}

func (l *channelLink) HtlcSatisfiesPolicy(amt uint64) bool {
	l.RLock()
	policy := l.policy
	l.RUnlock()
	if amt < policy.MinHTLC {
		log.Printf("outgoing htlc(%v) is too small for link %v", amt, l.ShortChanID())
		return false
	}
	return true
}
