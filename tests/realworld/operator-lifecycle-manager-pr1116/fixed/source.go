// Package grpc keeps one connection per catalog source registry pod and
// reports their connectivity changes to the catalog operator.
package grpc

import (
	"context"
	"log"
	"sync"
	"time"
)

type SourceMeta struct {
	Address         string
	LastConnect     time.Time
	ConnectionState State
}

type SourceState struct {
	Key   CatalogKey
	State State
}

type SourceConn struct {
	SourceMeta
	Conn   Conn
	cancel context.CancelFunc
}

type SourceStore struct {
	sync.Once
	sources      map[CatalogKey]SourceConn
	sourcesLock  sync.RWMutex
	syncFn       func(SourceState)
	dial         func(address string) (Conn, error)
	notify       chan SourceState
	timeout      time.Duration
	readyTimeout time.Duration
}

func NewSourceStore(dial func(string) (Conn, error), timeout, readyTimeout time.Duration, sync func(SourceState)) *SourceStore {
	return &SourceStore{
		sources:      make(map[CatalogKey]SourceConn),
		notify:       make(chan SourceState),
		syncFn:       sync,
		dial:         dial,
		timeout:      timeout,
		readyTimeout: readyTimeout,
	}
}

// Start hands every state change the watchers report to the sync function
// until ctx is done.
func (s *SourceStore) Start(ctx context.Context) {
	go func() {
		s.Do(func() {
			for {
				select {
				case <-ctx.Done():
					return
				case e := <-s.notify:
					log.Printf("source event: %v", e)
					s.syncFn(e)
				}
			}
		})
	}()
}

func (s *SourceStore) Get(key CatalogKey) *SourceConn {
	s.sourcesLock.RLock()
	source, ok := s.sources[key]
	s.sourcesLock.RUnlock()
	if !ok {
		return nil
	}
	return &source
}

// Add (re)connects to a catalog source and starts a watcher on the
// connection; Remove stops it.
func (s *SourceStore) Add(key CatalogKey, address string) (*SourceConn, error) {
	_ = s.Remove(key)

	conn, err := s.dial(address)
	if err != nil {
		return nil, err
	}

	ctx, cancel := context.WithCancel(context.Background())
	source := SourceConn{
		SourceMeta: SourceMeta{
			Address:         address,
			LastConnect:     time.Now(),
			ConnectionState: Idle,
		},
		Conn:   conn,
		cancel: cancel,
	}

	s.sourcesLock.Lock()
	s.sources[key] = source
	s.sourcesLock.Unlock()

	go s.watch(ctx, key, source)

	return &source, nil
}

func (s *SourceStore) stateTimeout(state State) time.Duration {
	if state == Ready {
		return s.readyTimeout
	}
	return s.timeout
}

// watch runs for the life of the connection, waiting for one state change
// at a time with a deadline that depends on the current state.
func (s *SourceStore) watch(ctx context.Context, key CatalogKey, source SourceConn) {
	state := source.ConnectionState
	for {
		select {
		case <-ctx.Done():
			return
		default:
			// one scope per wait, so the timeout's cancel runs as soon as
			// the wait is over
			func() {
				timer, cancel := context.WithTimeout(ctx, s.stateTimeout(state))
				defer cancel()
				if source.Conn.WaitForStateChange(timer, state) {
					newState := source.Conn.GetState()
					state = newState

					src := s.Get(key)
					if src == nil {
						// the source was removed: Remove has cancelled ctx
						return
					}

					src.LastConnect = time.Now()
					src.ConnectionState = newState
					s.sourcesLock.Lock()
					s.sources[key] = *src
					s.sourcesLock.Unlock()

					s.notify <- SourceState{Key: key, State: newState}
				}
			}()
		}
	}
}

func (s *SourceStore) Remove(key CatalogKey) error {
	s.sourcesLock.RLock()
	source, ok := s.sources[key]
	s.sourcesLock.RUnlock()
	if !ok {
		return nil
	}

	s.sourcesLock.Lock()
	delete(s.sources, key)
	s.sourcesLock.Unlock()

	source.cancel()
	return source.Conn.Close()
}
