package consistent

import (
	"encoding/binary"
	"errors"
	"sort"
	"sync"
)

var ErrInsufficientMemberCount = errors.New("insufficient member count")

type Hasher interface {
	Sum64([]byte) uint64
}

type Member interface {
	String() string
}

// Consistent is a hash ring whose partitions are owned by members; every
// exported method guards the ring with mu.
type Consistent struct {
	mu sync.RWMutex

	hasher         Hasher
	partitionCount uint64
	members        map[string]Member
	partitions     map[int]Member
}

func New(hasher Hasher, partitionCount int) *Consistent {
	return &Consistent{
		hasher:         hasher,
		partitionCount: uint64(partitionCount),
		members:        make(map[string]Member),
		partitions:     make(map[int]Member),
	}
}

func (c *Consistent) distributePartitions() {
	names := make([]string, 0, len(c.members))
	for name := range c.members {
		names = append(names, name)
	}
	sort.Strings(names)
	partitions := make(map[int]Member)
	buf := make([]byte, 8)
	for partID := uint64(0); partID < c.partitionCount; partID++ {
		binary.LittleEndian.PutUint64(buf, partID)
		idx := c.hasher.Sum64(buf) % uint64(len(names))
		partitions[int(partID)] = c.members[names[idx]]
	}
	c.partitions = partitions
}

// Add puts a member on the ring and redistributes the partitions.
func (c *Consistent) Add(member Member) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.members[member.String()]; ok {
		return
	}
	c.members[member.String()] = member
	c.distributePartitions()
}

func (c *Consistent) FindPartitionID(key []byte) int {
	return int(c.hasher.Sum64(key) % c.partitionCount)
}

// GetPartitionOwner returns the owner of the given partition.
func (c *Consistent) GetPartitionOwner(partID int) Member {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.getPartitionOwner(partID)
}

// getPartitionOwner is GetPartitionOwner for callers that hold mu.
func (c *Consistent) getPartitionOwner(partID int) Member {
	member, ok := c.partitions[partID]
	if !ok {
		return nil
	}
	return member
}

func (c *Consistent) getClosestN(partID, count int) ([]Member, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()

	var res []Member
	if count > len(c.members) {
		return res, ErrInsufficientMemberCount
	}

	var ownerKey uint64
	owner := c.getPartitionOwner(partID)
	var keys []uint64
	byKey := make(map[uint64]Member)
	for name, member := range c.members {
		key := c.hasher.Sum64([]byte(name))
		if name == owner.String() {
			ownerKey = key
		}
		keys = append(keys, key)
		byKey[key] = member
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })

	idx := 0
	for idx < len(keys) {
		if keys[idx] == ownerKey {
			res = append(res, byKey[keys[idx]])
			break
		}
		idx++
	}
	for len(res) < count {
		idx++
		if idx >= len(keys) {
			idx = 0
		}
		res = append(res, byKey[keys[idx]])
	}
	return res, nil
}

// GetClosestN returns the count members closest to key on the ring, for
// replication.
func (c *Consistent) GetClosestN(key []byte, count int) ([]Member, error) {
	return c.getClosestN(c.FindPartitionID(key), count)
}
