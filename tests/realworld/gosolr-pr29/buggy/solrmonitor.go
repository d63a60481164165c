package solrmonitor

import (
	"errors"
	"fmt"
	"log"
	"sync"
)

// CollectionState is the parsed state.json of one collection.
type CollectionState struct {
	ConfigName string
	Shards     map[string][]string
}

// ClusterState maps a collection name to its state.
type ClusterState map[string]*CollectionState

// SolrMonitor keeps an in-memory copy of the cluster state and updates it on
// ZooKeeper events.
type SolrMonitor struct {
	solrRoot  string
	zkWatcher *ZkWatcherMan
	connected func() bool

	mu          sync.RWMutex
	collections map[string]*collection
	liveNodes   []string
}

type collection struct {
	name            string
	parent          *SolrMonitor
	collectionState *CollectionState
}

// NewSolrMonitor builds the monitor and starts listening for ZooKeeper events.
func NewSolrMonitor(zkWatcher *ZkWatcherMan, connected func() bool) *SolrMonitor {
	c := &SolrMonitor{
		solrRoot:    "/solr",
		zkWatcher:   zkWatcher,
		connected:   connected,
		collections: make(map[string]*collection),
	}
	c.zkWatcher.Start(c)
	return c
}

// GetCurrentState returns the state of every known collection.
func (c *SolrMonitor) GetCurrentState() (ClusterState, error) {
	if !c.connected() {
		return nil, errors.New("not currently connected to zk")
	}
	result := make(ClusterState)

	c.mu.RLock()
	defer c.mu.RUnlock()
	for name := range c.collections {
		state, err := c.doGetCollectionState(name)
		if err != nil {
			log.Printf("collection %s: error fetching state: %s", name, err)
			continue
		}
		if state != nil {
			result[name] = state
		}
	}
	return result, nil
}

// GetCollectionState returns the state of one collection.
func (c *SolrMonitor) GetCollectionState(name string) (*CollectionState, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.doGetCollectionState(name)
}

func (c *SolrMonitor) doGetCollectionState(name string) (*CollectionState, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	coll := c.collections[name]
	if coll == nil {
		return nil, nil
	}
	return coll.collectionState, nil
}

// childrenChanged is called from the watcher goroutine.
func (c *SolrMonitor) childrenChanged(path string, children []string) error {
	switch path {
	case c.solrRoot + "/collections":
		return c.updateCollections(children)
	case c.solrRoot + "/live_nodes":
		return c.updateLiveNodes(children)
	default:
		return fmt.Errorf("solrmonitor: unknown childrenChanged: %s", path)
	}
}

func (c *SolrMonitor) updateCollections(names []string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	exists := make(map[string]bool, len(names))
	for _, name := range names {
		exists[name] = true
		if _, found := c.collections[name]; !found {
			c.collections[name] = &collection{name: name, parent: c}
		}
	}
	for name := range c.collections {
		if !exists[name] {
			delete(c.collections, name)
		}
	}
	return nil
}

func (c *SolrMonitor) updateLiveNodes(nodes []string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.liveNodes = nodes
	return nil
}
