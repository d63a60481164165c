// Package dummykv is an in-memory key/value store used by the protoconf
// agent in tests and local runs.
package dummykv

import (
	"context"
	"errors"
	"sync"
)

// KVPair is a stored key and its value.
type KVPair struct {
	Key   string
	Value []byte
}

// ErrKeyNotFound is returned by Get for a missing key.
var ErrKeyNotFound = errors.New("key not found")

type pubSub struct {
	topics *sync.Map
}

func newPubSub() *pubSub {
	return &pubSub{topics: &sync.Map{}}
}

// Publish delivers kv to every channel watching its key.
func (p *pubSub) Publish(kv *KVPair) {
	result, ok := p.topics.Load(kv.Key)
	if !ok {
		return
	}
	if chans, ok := result.([]chan *KVPair); ok {
		for _, ch := range chans {
			go func(ch chan *KVPair) {
				ch <- kv
			}(ch)
		}
	}
}

// Channel registers a new watcher channel for key.
func (p *pubSub) Channel(key string) chan *KVPair {
	ch := make(chan *KVPair)
	arr := []chan *KVPair{ch}
	result, ok := p.topics.Load(key)
	if ok {
		if chans, ok := result.([]chan *KVPair); ok {
			arr = append(arr, chans...)
		}
	}
	p.topics.Store(key, arr)
	return ch
}

// Store is the in-memory store.
type Store struct {
	channels *pubSub
	store    *sync.Map
}

// New creates an empty store.
func New(ctx context.Context) (*Store, error) {
	return &Store{
		channels: newPubSub(),
		store:    &sync.Map{},
	}, nil
}

// Put stores a value and notifies the watchers of its key.
func (s *Store) Put(ctx context.Context, key string, value []byte) error {
	kv := &KVPair{Key: key, Value: value}
	s.store.Store(key, kv)
	go s.channels.Publish(kv)
	return nil
}

// Get returns the value of key.
func (s *Store) Get(ctx context.Context, key string) (*KVPair, error) {
	if val, ok := s.store.Load(key); ok {
		if kv, ok := val.(*KVPair); ok {
			return kv, nil
		}
	}
	return nil, ErrKeyNotFound
}

// Watch returns a channel that receives the current value of key, if any,
// and every later update. Each agent subscription calls it from its own
// goroutine.
func (s *Store) Watch(ctx context.Context, key string) (<-chan *KVPair, error) {
	ch := s.channels.Channel(key)
	if current, err := s.Get(ctx, key); err == nil {
		go func(ch chan *KVPair) {
			ch <- current
		}(ch)
	}
	return ch, nil
}
