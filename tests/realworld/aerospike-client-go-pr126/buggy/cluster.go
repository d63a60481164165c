package aerospike

import (
	"errors"
	"log"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// Cluster keeps the list of live nodes up to date.
type Cluster struct {
	seeds        []string
	nodes        []*Node
	clientPolicy ClientPolicy

	mutex       sync.RWMutex
	wgTend      sync.WaitGroup
	tendChannel chan struct{}
	closed      atomic.Bool
}

// NewCluster seeds the cluster, waits for it to settle and starts the
// goroutine that tends it on every interval.
func NewCluster(policy *ClientPolicy, hosts []string) (*Cluster, error) {
	c := &Cluster{
		seeds:        hosts,
		clientPolicy: *policy,
		tendChannel:  make(chan struct{}),
	}

	// get a first view of the cluster before handing it out
	c.waitTillStabilized()

	if policy.FailIfNotConnected && !c.IsConnected() {
		return nil, errors.New("could not reach any seed host")
	}

	c.wgTend.Add(1)
	go c.clusterBoss(policy)
	return c, nil
}

func (c *Cluster) clusterBoss(policy *ClientPolicy) {
	defer c.wgTend.Done()

	interval := policy.TendInterval
	if interval < 10*time.Millisecond {
		interval = 10 * time.Millisecond
	}
	ticker := time.NewTicker(interval)
	defer ticker.Stop()

	for {
		select {
		case <-c.tendChannel:
			for _, n := range c.GetNodes() {
				n.Close()
			}
			return
		case <-ticker.C:
			if err := c.tend(); err != nil {
				log.Println(err)
			}
		}
	}
}

// tend refreshes every known node, seeding from the configured hosts when
// none is known yet, and drops the nodes that stopped answering.
func (c *Cluster) tend() error {
	nodes := c.GetNodes()
	if len(nodes) == 0 {
		c.seedNodes()
		nodes = c.GetNodes()
	}

	var firstErr error
	for _, n := range nodes {
		if _, err := n.Refresh(c.clientPolicy.Timeout); err != nil && firstErr == nil {
			firstErr = err
		}
	}

	var live []*Node
	for _, n := range nodes {
		if n.IsActive() {
			live = append(live, n)
		}
	}
	c.setNodes(live)
	return firstErr
}

func (c *Cluster) seedNodes() {
	var found []*Node
	for _, host := range c.seeds {
		conn, err := net.DialTimeout("tcp", host, c.clientPolicy.Timeout)
		if err != nil {
			log.Printf("seed %s failed: %v", host, err)
			continue
		}
		conn.Close()
		found = append(found, newNode(host, host))
	}
	c.setNodes(found)
}

// waitTillStabilized tends the cluster until the node count stops changing,
// or gives up after the policy timeout: a slow cluster must not hold up the
// client, later requests may still succeed.
func (c *Cluster) waitTillStabilized() {
	count := -1

	doneCh := make(chan bool)

	// tends until two passes in a row see the same number of nodes
	go func() {
		for {
			if err := c.tend(); err != nil {
				log.Println(err)
			}

			if count == len(c.GetNodes()) {
				break
			}

			time.Sleep(time.Millisecond)

			count = len(c.GetNodes())
		}
		doneCh <- true
	}()

	// return on whichever comes first
	timeout := time.After(c.clientPolicy.Timeout)
	select {
	case <-timeout:
		return
	case <-doneCh:
		return
	}
}

// GetNodes returns the current node list.
func (c *Cluster) GetNodes() []*Node {
	c.mutex.RLock()
	defer c.mutex.RUnlock()
	return c.nodes
}

func (c *Cluster) setNodes(nodes []*Node) {
	c.mutex.Lock()
	c.nodes = nodes
	c.mutex.Unlock()
}

// IsConnected reports whether the cluster has live nodes and is open.
func (c *Cluster) IsConnected() bool {
	return len(c.GetNodes()) > 0 && !c.closed.Load()
}

// Close stops the tend goroutine and waits for it.
func (c *Cluster) Close() {
	if c.closed.CompareAndSwap(false, true) {
		close(c.tendChannel)
		c.wgTend.Wait()
	}
}
