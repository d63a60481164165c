package solrmonitor

import "log"

// ChildrenEvent is a ZooKeeper children-changed notification.
type ChildrenEvent struct {
	Path     string
	Children []string
}

// ZkWatcherMan dispatches ZooKeeper events to the monitor on its own goroutine.
type ZkWatcherMan struct {
	events chan ChildrenEvent
	done   chan struct{}
}

func NewZkWatcherMan() *ZkWatcherMan {
	return &ZkWatcherMan{events: make(chan ChildrenEvent, 16), done: make(chan struct{})}
}

func (m *ZkWatcherMan) Start(c *SolrMonitor) {
	go func() {
		for {
			select {
			case ev := <-m.events:
				if err := c.childrenChanged(ev.Path, ev.Children); err != nil {
					log.Printf("zkwatcherman: %s", err)
				}
			case <-m.done:
				return
			}
		}
	}()
}

func (m *ZkWatcherMan) Close() {
	close(m.done)
}
