package api

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
)

// Dal is the part of the data access layer BatchSave uses.
type Dal interface {
	CreateOrUpdate(entities interface{}) error
}

// BatchSave keeps records of one type in memory and writes them with a
// single query once size of them are pending.
type BatchSave struct {
	db       Dal
	slotType reflect.Type
	// slots is a []slotType, so the database layer sees the concrete type
	slots      reflect.Value
	current    int
	size       int
	valueIndex map[string]int
	primaryKey []string
	mutex      sync.Mutex
	lastErr    error
}

// NewBatchSave creates a new BatchSave instance.
func NewBatchSave(db Dal, slotType reflect.Type, size int, primaryKey ...string) (*BatchSave, error) {
	if slotType.Kind() != reflect.Ptr {
		return nil, errors.New("slotType must be a pointer")
	}
	if len(primaryKey) == 0 {
		return nil, fmt.Errorf("%s no primary key", slotType.String())
	}
	return &BatchSave{
		db:         db,
		slotType:   slotType,
		slots:      reflect.MakeSlice(reflect.SliceOf(slotType), size, size),
		size:       size,
		valueIndex: make(map[string]int),
		primaryKey: primaryKey,
	}, nil
}

// Add puts a record in the cache and writes the batch out once it is full.
func (c *BatchSave) Add(slot interface{}) error {
	if reflect.TypeOf(slot) != c.slotType {
		return errors.New("sub cache type mismatched")
	}
	if c.lastErr != nil {
		return fmt.Errorf("add slot failed due to previous err: %w", c.lastErr)
	}
	key := getKeyValue(slot, c.primaryKey)
	c.mutex.Lock()
	defer c.mutex.Unlock()
	// the same record twice in one batch: keep the newer one
	if key != "" {
		if index, ok := c.valueIndex[key]; !ok {
			c.valueIndex[key] = c.current
		} else {
			c.slots.Index(index).Set(reflect.ValueOf(slot))
			return nil
		}
	}
	c.slots.Index(c.current).Set(reflect.ValueOf(slot))
	c.current++
	// write the batch out once it is full
	if c.current == c.size {
		return c.flushWithoutLocking()
	}
	return nil
}

// Flush writes the cached records to the database even if the batch is not full.
func (c *BatchSave) Flush() error {
	c.mutex.Lock()
	defer c.mutex.Unlock()
	return c.flushWithoutLocking()
}

// flushWithoutLocking is Flush for callers that already hold c.mutex.
func (c *BatchSave) flushWithoutLocking() error {
	if c.current == 0 {
		return nil
	}
	err := c.db.CreateOrUpdate(c.slots.Slice(0, c.current).Interface())
	if err != nil {
		c.lastErr = err
		return err
	}
	c.current = 0
	c.valueIndex = make(map[string]int)
	return nil
}

func getKeyValue(iface interface{}, primaryKey []string) string {
	var ss []string
	ifv := reflect.ValueOf(iface)
	if ifv.Kind() == reflect.Ptr {
		ifv = ifv.Elem()
	}
	for _, name := range primaryKey {
		s := fmt.Sprintf("%v", ifv.FieldByName(name).Interface())
		if s != "" {
			ss = append(ss, s)
		}
	}
	return strings.Join(ss, ":")
}
