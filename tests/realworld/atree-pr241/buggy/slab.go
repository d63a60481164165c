package atree

import (
	"errors"
	"fmt"
)

// StorageID identifies a slab.
type StorageID uint64

// Slab is one node of an array or map.
type Slab interface {
	Encode() ([]byte, error)
}

// BaseStorage is the key-value store slabs are committed to.
type BaseStorage interface {
	Store(StorageID, []byte) error
	Remove(StorageID) error
}

// StorageError wraps errors of the storage layer.
type StorageError struct {
	err error
}

// NewStorageError wraps err.
func NewStorageError(err error) error {
	return &StorageError{err: err}
}

func (e *StorageError) Error() string {
	return fmt.Sprintf("storage error: %v", e.err)
}

// ErrEncoding is returned by slabs that cannot be serialized.
var ErrEncoding = errors.New("slab cannot be encoded")

// Encode serializes one slab.
func Encode(slab Slab) ([]byte, error) {
	return slab.Encode()
}
