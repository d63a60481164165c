package backend

import (
	"errors"
	"log"
	"sync"
)

var (
	// ErrStartedAnnounce is returned if the announce thread is already running.
	ErrStartedAnnounce = errors.New("announce already running")
	// ErrStoppedAnnounce is returned if the announce thread is not running.
	ErrStoppedAnnounce = errors.New("announce not running")
)

// Broadcaster sends istanbul messages to the connected peers.
type Broadcaster interface {
	Multicast(destAddresses []string, payload []byte, ethMsgCode uint64) error
	PeerCount() int
}

// Backend is the istanbul consensus backend of a validator node.
type Backend struct {
	logger      *log.Logger
	address     string
	broadcaster Broadcaster

	coreMu      sync.RWMutex
	coreStarted bool

	// the announce thread and its lifecycle
	announceRunning    bool
	announceMu         sync.RWMutex
	announceThreadWg   *sync.WaitGroup
	announceThreadQuit chan struct{}

	// announce messages of other validators, by address
	cachedAnnounceMu sync.Mutex
	cachedAnnounce   map[string][]byte
}

// New creates the backend of a validator.
func New(address string, broadcaster Broadcaster, logger *log.Logger) *Backend {
	return &Backend{
		logger:           logger,
		address:          address,
		broadcaster:      broadcaster,
		announceThreadWg: new(sync.WaitGroup),
		cachedAnnounce:   make(map[string][]byte),
	}
}

// Address returns the validator's address.
func (sb *Backend) Address() string {
	return sb.address
}
