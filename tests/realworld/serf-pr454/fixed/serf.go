package serf

import (
	"net"
	"sync"
	"time"
)

// Config configures a Serf instance.
type Config struct {
	NodeName         string
	MemberlistConfig *MemberlistConfig
	EventCh          chan<- MemberEvent
}

// MemberStatus is the state that a member is in.
type MemberStatus int

const (
	StatusNone MemberStatus = iota
	StatusAlive
	StatusLeaving
	StatusLeft
	StatusFailed
)

// Member is a single member of the Serf cluster.
type Member struct {
	Name   string
	Addr   net.IP
	Port   uint16
	Status MemberStatus
}

// MemberEvent is sent on EventCh when membership changes.
type MemberEvent struct {
	Members []Member
}

type memberState struct {
	Member
	leaveTime time.Time
}

// Serf is a single node of a Serf cluster.
type Serf struct {
	broadcasts      *TransmitLimitedQueue
	eventBroadcasts *TransmitLimitedQueue
	queryBroadcasts *TransmitLimitedQueue

	config        *Config
	failedMembers []*memberState
	leftMembers   []*memberState
	memberlist    *Memberlist
	memberLock    sync.RWMutex
	members       map[string]*memberState

	shutdownCh chan struct{}
}

// Create creates a new Serf instance and starts the gossip layer.
func Create(conf *Config) (*Serf, error) {
	serf := &Serf{
		config:     conf,
		members:    make(map[string]*memberState),
		shutdownCh: make(chan struct{}),
	}

	// Setup the various broadcast queues, which we use to send our own
	// custom broadcasts along the gossip channel.
	serf.broadcasts = &TransmitLimitedQueue{
		NumNodes:       serf.NumNodes,
		RetransmitMult: conf.MemberlistConfig.RetransmitMult,
	}
	serf.eventBroadcasts = &TransmitLimitedQueue{
		NumNodes:       serf.NumNodes,
		RetransmitMult: conf.MemberlistConfig.RetransmitMult,
	}
	serf.queryBroadcasts = &TransmitLimitedQueue{
		NumNodes:       serf.NumNodes,
		RetransmitMult: conf.MemberlistConfig.RetransmitMult,
	}

	conf.MemberlistConfig.Events = &eventDelegate{serf: serf}
	conf.MemberlistConfig.Delegate = &delegate{serf: serf}
	conf.MemberlistConfig.Name = conf.NodeName

	memberlist, err := CreateMemberlist(conf.MemberlistConfig)
	if err != nil {
		return nil, err
	}
	serf.memberlist = memberlist
	return serf, nil
}

// Members returns a point-in-time snapshot of the members of this cluster.
func (s *Serf) Members() []Member {
	s.memberLock.RLock()
	defer s.memberLock.RUnlock()

	members := make([]Member, 0, len(s.members))
	for _, m := range s.members {
		members = append(members, m.Member)
	}
	return members
}

// NumNodes returns the number of nodes in the cluster, whatever their status.
func (s *Serf) NumNodes() (numNodes int) {
	s.memberLock.RLock()
	numNodes = len(s.members)
	s.memberLock.RUnlock()
	return numNodes
}

// handleNodeJoin is called when a node join event is received from memberlist.
func (s *Serf) handleNodeJoin(n *Node) {
	s.memberLock.Lock()
	defer s.memberLock.Unlock()

	var oldStatus MemberStatus
	member, ok := s.members[n.Name]
	if !ok {
		oldStatus = StatusNone
		member = &memberState{
			Member: Member{
				Name:   n.Name,
				Addr:   net.IP(n.Addr),
				Port:   n.Port,
				Status: StatusAlive,
			},
		}
		s.members[n.Name] = member
	} else {
		oldStatus = member.Status
		member.Status = StatusAlive
		member.leaveTime = time.Time{}
		member.Addr = net.IP(n.Addr)
		member.Port = n.Port
	}

	if oldStatus == StatusFailed || oldStatus == StatusLeft {
		s.failedMembers = removeOldMember(s.failedMembers, member.Name)
		s.leftMembers = removeOldMember(s.leftMembers, member.Name)
	}

	if s.config.EventCh != nil {
		s.config.EventCh <- MemberEvent{Members: []Member{member.Member}}
	}
}

// Shutdown stops the gossip layer.
func (s *Serf) Shutdown() error {
	close(s.shutdownCh)
	return s.memberlist.Shutdown()
}

func removeOldMember(old []*memberState, name string) []*memberState {
	for i, m := range old {
		if m.Name == name {
			n := len(old)
			old[i], old[n-1] = old[n-1], nil
			return old[:n-1]
		}
	}
	return old
}
