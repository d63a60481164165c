// Package namespace caches namespace records read from persistence and
// refreshes the cache in the background.
package namespace

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// CacheRefreshInterval is how often the refresher reloads every namespace.
const CacheRefreshInterval = 10 * time.Second

type (
	// ID and Name identify a namespace.
	ID   string
	Name string

	// Namespace is one cached namespace record.
	Namespace struct {
		id                  ID
		name                Name
		notificationVersion int64
	}

	// Persistence lists the namespaces stored in the database.
	Persistence interface {
		ListNamespaces(ctx context.Context) ([]*Namespace, error)
	}

	// CallbackFn is told about namespaces that changed in a refresh.
	CallbackFn func(oldNamespaces, newNamespaces []*Namespace)

	registry struct {
		status      int32
		persistence Persistence
		stopCh      chan struct{}

		// cacheLock protects cacheNameToID and cacheByID. If the exclusive
		// side is held together with callbackLock, it is taken second.
		cacheLock     sync.RWMutex
		cacheNameToID map[Name]ID
		cacheByID     map[ID]*Namespace

		callbackLock sync.Mutex
		callbacks    map[int32]CallbackFn
	}
)

// ID returns the namespace's id.
func (ns *Namespace) ID() ID { return ns.id }

// Name returns the namespace's name.
func (ns *Namespace) Name() Name { return ns.name }

// NewRegistry returns a registry that reads namespaces from p.
func NewRegistry(p Persistence) *registry {
	return &registry{
		persistence:   p,
		stopCh:        make(chan struct{}),
		cacheNameToID: make(map[Name]ID),
		cacheByID:     make(map[ID]*Namespace),
		callbacks:     make(map[int32]CallbackFn),
	}
}

// Start loads the cache once and starts the background refresher.
func (r *registry) Start() error {
	if !atomic.CompareAndSwapInt32(&r.status, 0, 1) {
		return nil
	}
	if err := r.refreshNamespaces(context.Background()); err != nil {
		return err
	}
	go r.refreshLoop()
	return nil
}

// Stop ends the background refresher.
func (r *registry) Stop() {
	if atomic.CompareAndSwapInt32(&r.status, 1, 2) {
		close(r.stopCh)
	}
}

// GetNamespace looks a namespace up by name; frontend handlers call it for
// every request.
func (r *registry) GetNamespace(name Name) (*Namespace, error) {
	if name == "" {
		return nil, errors.New("namespace is empty")
	}
	return r.getNamespace(name)
}

// GetNamespaceByID looks a namespace up by id.
func (r *registry) GetNamespaceByID(id ID) (*Namespace, error) {
	if id == "" {
		return nil, errors.New("namespace id is empty")
	}
	return r.getNamespaceByID(id)
}

// GetNamespaceID resolves a name to an id.
func (r *registry) GetNamespaceID(name Name) (ID, error) {
	ns, err := r.GetNamespace(name)
	if err != nil {
		return "", err
	}
	return ns.ID(), nil
}

func (r *registry) refreshLoop() {
	ticker := time.NewTicker(CacheRefreshInterval)
	defer ticker.Stop()
	for {
		select {
		case <-r.stopCh:
			return
		case <-ticker.C:
			_ = r.refreshNamespaces(context.Background())
		}
	}
}

func (r *registry) refreshNamespaces(ctx context.Context) error {
	namespaces, err := r.persistence.ListNamespaces(ctx)
	if err != nil {
		return err
	}
	newNameToID := make(map[Name]ID, len(namespaces))
	newByID := make(map[ID]*Namespace, len(namespaces))
	var oldEntries, newEntries []*Namespace
	for _, ns := range namespaces {
		newNameToID[ns.Name()] = ns.ID()
		newByID[ns.ID()] = ns
	}
	r.publishCacheUpdate(func() ([]*Namespace, []*Namespace) {
		r.cacheLock.Lock()
		defer r.cacheLock.Unlock()
		for id, ns := range newByID {
			if old, ok := r.cacheByID[id]; ok && ns.notificationVersion > old.notificationVersion {
				oldEntries = append(oldEntries, old)
				newEntries = append(newEntries, ns)
			}
		}
		r.cacheNameToID = newNameToID
		r.cacheByID = newByID
		return oldEntries, newEntries
	})
	return nil
}

func (r *registry) publishCacheUpdate(updateCache func() ([]*Namespace, []*Namespace)) {
	r.callbackLock.Lock()
	defer r.callbackLock.Unlock()
	oldEntries, newEntries := updateCache()
	for _, cb := range r.callbacks {
		cb(oldEntries, newEntries)
	}
}

// getNamespace retrieves the namespace from the cache if it is there.
func (r *registry) getNamespace(name Name) (*Namespace, error) {
	r.cacheLock.RLock()
	defer r.cacheLock.RUnlock()
	if id, ok := r.cacheNameToID[name]; ok {
		return r.getNamespaceByID(id)
	}
	return nil, fmt.Errorf("namespace name %q not found", name)
}

// getNamespaceByID retrieves the namespace from the cache if it is there.
func (r *registry) getNamespaceByID(id ID) (*Namespace, error) {
	r.cacheLock.RLock()
	defer r.cacheLock.RUnlock()
	if ns, ok := r.cacheByID[id]; ok {
		return ns, nil
	}
	return nil, fmt.Errorf("namespace id %q not found", id)
}
