package aerospike

import "time"

// ClientPolicy holds the settings a Client hands to its Cluster.
type ClientPolicy struct {
	// Timeout bounds the initial connection to the cluster.
	Timeout time.Duration
	// TendInterval is the pause between two tends of the cluster.
	TendInterval time.Duration
	// FailIfNotConnected makes NewCluster fail when no node answered in time.
	FailIfNotConnected bool
}

// NewClientPolicy returns the default policy.
func NewClientPolicy() *ClientPolicy {
	return &ClientPolicy{
		Timeout:            30 * time.Second,
		TendInterval:       time.Second,
		FailIfNotConnected: true,
	}
}
