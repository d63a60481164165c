// Package store keeps account data in memory, refreshed by a background task.
package store

import (
	"log"
	"sync"
	"time"
)

// Config holds the refresh settings.
type Config struct {
	RefreshFrequency time.Duration
	RefreshCooldown  time.Duration
}

type cachingStore struct {
	sync.RWMutex
	apiClient     APIClient
	config        *Config
	updateWaiters chan chan struct{}
	usersByName   map[string]*User
	groupsByName  map[string]*Group
}

// New returns a store after its first refresh has completed.
func New(apiClient APIClient, config *Config) *cachingStore {
	s := &cachingStore{
		apiClient:     apiClient,
		config:        config,
		updateWaiters: make(chan chan struct{}),
	}
	go updateTask(s)
	ch := make(chan struct{})
	s.updateWaiters <- ch
	<-ch
	return s
}

func nowOutsideTimespan(start time.Time, d time.Duration) bool {
	now := time.Now()
	return now.Before(start) || now.After(start.Add(d))
}

// updateTask is the only receiver of updateWaiters.
func updateTask(s *cachingStore) {
	var lastRefresh time.Time
	for {
		var ch chan struct{}
		select {
		case ch = <-s.updateWaiters:
		case <-time.After(s.config.RefreshFrequency):
		}
		if nowOutsideTimespan(lastRefresh, s.config.RefreshCooldown) {
			updateCache(s)
			lastRefresh = time.Now()
		}
		if ch != nil {
			close(ch)
		}
	}
}

func updateCache(s *cachingStore) {
	users, groups, err := s.apiClient.UsersAndGroups()
	if err != nil {
		log.Printf("Failed refresh: %v.", err)
		return
	}
	s.Lock()
	defer s.Unlock()
	s.usersByName = make(map[string]*User)
	s.groupsByName = make(map[string]*Group)
	for _, u := range users {
		s.usersByName[u.Name] = u
	}
	for _, g := range groups {
		s.groupsByName[g.Name] = g
	}
}

func (s *cachingStore) userByNameImpl(name string) (*User, bool) {
	s.RLock()
	defer s.RUnlock()
	u, ok := s.usersByName[name]
	return u, ok
}

// UserByName blocks on a refresh when the user is missing.
func (s *cachingStore) UserByName(name string) (*User, error) {
	if u, ok := s.userByNameImpl(name); ok {
		return u, nil
	}
	ch := make(chan struct{})
	s.updateWaiters <- ch
	<-ch
	if u, ok := s.userByNameImpl(name); ok {
		return u, nil
	}
	return nil, usernameNotFound(name)
}

// GroupByName triggers a refresh when the group is missing, without waiting for it.
func (s *cachingStore) GroupByName(name string) (*Group, error) {
	s.RLock()
	defer s.RUnlock()
	g, ok := s.groupsByName[name]
	if ok {
		return g, nil
	}
	log.Print("Triggering refresh due to missing group.")
	go func() { s.updateWaiters <- nil }()
	return nil, groupNameNotFound(name)
}
