package pubsub

import (
	"context"
	"errors"
)

// RPC is one framed message exchanged with a peer.
type RPC struct {
	Subscriptions []SubOpt
	Data          []byte
	from          ID
}

// SubOpt announces that we joined or left a topic.
type SubOpt struct {
	Topic     string
	Subscribe bool
}

// PubSub is the pubsub system: one event loop owns all of its maps.
type PubSub struct {
	host Host
	rt   Router

	peerOutboundQueueSize int

	// a notification channel for new peer connections
	newPeers chan ID
	// a notification channel for new outgoing peer streams
	newPeerStream chan Stream
	// a notification channel for errors opening new peer streams
	newPeerError chan ID
	// a notification channel for when our peers die
	peerDead chan ID

	// subscription requests from Subscribe
	addSub chan string

	blacklist     Blacklist
	blacklistPeer chan ID

	// outbound queue of every peer we have a writer for
	peers  map[ID]chan *RPC
	mySubs map[string]struct{}
	topics map[string]map[ID]struct{}

	ctx context.Context
}

type Option func(*PubSub) error

// WithBlacklist provides the blacklist implementation; the default is a
// MapBlacklist.
func WithBlacklist(b Blacklist) Option {
	return func(p *PubSub) error {
		p.blacklist = b
		return nil
	}
}

// NewPubSub builds a PubSub and starts its event loop.
func NewPubSub(ctx context.Context, h Host, rt Router, opts ...Option) (*PubSub, error) {
	ps := &PubSub{
		host:                  h,
		rt:                    rt,
		ctx:                   ctx,
		peerOutboundQueueSize: 32,
		newPeers:              make(chan ID),
		newPeerStream:         make(chan Stream),
		newPeerError:          make(chan ID),
		peerDead:              make(chan ID),
		addSub:                make(chan string),
		blacklist:             NewMapBlacklist(),
		blacklistPeer:         make(chan ID),
		peers:                 make(map[ID]chan *RPC),
		mySubs:                make(map[string]struct{}),
		topics:                make(map[string]map[ID]struct{}),
	}
	for _, opt := range opts {
		if err := opt(ps); err != nil {
			return nil, err
		}
	}
	if ps.blacklist == nil {
		return nil, errors.New("nil blacklist")
	}

	go ps.processLoop(ctx)

	return ps, nil
}

// processLoop handles all inputs arriving on the channels.
func (p *PubSub) processLoop(ctx context.Context) {
	defer func() {
		// Clean up the writer goroutines.
		for _, ch := range p.peers {
			close(ch)
		}
		p.peers = nil
		p.topics = nil
	}()

	for {
		select {
		case pid := <-p.newPeers:
			if _, ok := p.peers[pid]; ok {
				continue
			}
			if p.blacklist.Contains(pid) {
				continue
			}
			messages := make(chan *RPC, p.peerOutboundQueueSize)
			messages <- p.helloPacket()
			go p.handleNewPeer(ctx, pid, messages)
			p.peers[pid] = messages

		case s := <-p.newPeerStream:
			pid := s.RemotePeer()

			ch, ok := p.peers[pid]
			if !ok {
				s.Reset()
				continue
			}

			if p.blacklist.Contains(pid) {
				// blacklisted after we connected: stop its writer
				close(ch)
				delete(p.peers, pid)
				s.Reset()
				continue
			}

			p.rt.AddPeer(pid, s.Protocol())

		case pid := <-p.newPeerError:
			delete(p.peers, pid)

		case pid := <-p.peerDead:
			ch, ok := p.peers[pid]
			if !ok {
				continue
			}

			close(ch)

			if p.host.Connected(pid) {
				// still connected, must be a duplicate connection being
				// closed: respawn the writer so a stream stays active
				messages := make(chan *RPC, p.peerOutboundQueueSize)
				messages <- p.helloPacket()
				go p.handleNewPeer(ctx, pid, messages)
				p.peers[pid] = messages
				continue
			}

			delete(p.peers, pid)
			p.forgetPeer(pid)
			p.rt.RemovePeer(pid)

		case topic := <-p.addSub:
			if _, ok := p.mySubs[topic]; !ok {
				p.mySubs[topic] = struct{}{}
				p.announce(topic, true)
			}

		case pid := <-p.blacklistPeer:
			p.blacklist.Add(pid)

			ch, ok := p.peers[pid]
			if ok {
				close(ch)
				delete(p.peers, pid)
				p.forgetPeer(pid)
				p.rt.RemovePeer(pid)
			}

		case <-ctx.Done():
			return
		}
	}
}

// forgetPeer drops pid from every topic. Only called from processLoop.
func (p *PubSub) forgetPeer(pid ID) {
	for _, tmap := range p.topics {
		delete(tmap, pid)
	}
}

// helloPacket carries all of our subscriptions to a new peer.
func (p *PubSub) helloPacket() *RPC {
	rpc := &RPC{}
	for t := range p.mySubs {
		rpc.Subscriptions = append(rpc.Subscriptions, SubOpt{Topic: t, Subscribe: true})
	}
	return rpc
}

// announce tells every peer that we joined or left a topic. Only called from
// processLoop.
func (p *PubSub) announce(topic string, sub bool) {
	out := &RPC{Subscriptions: []SubOpt{{Topic: topic, Subscribe: sub}}}
	for _, peer := range p.peers {
		select {
		case peer <- out:
		default:
			// queue full: the upstream code schedules a retry
		}
	}
}

// Subscribe joins a topic and announces it to our peers.
func (p *PubSub) Subscribe(topic string) error {
	select {
	case p.addSub <- topic:
		return nil
	case <-p.ctx.Done():
		return p.ctx.Err()
	}
}

// BlacklistPeer blacklists a peer; all messages from it are dropped.
func (p *PubSub) BlacklistPeer(pid ID) {
	select {
	case p.blacklistPeer <- pid:
	case <-p.ctx.Done():
	}
}
