// Package server keeps multi-party approval (MPA) requests in memory and lets
// callers wait until one of them has been approved.
package server

import (
	"context"
	"errors"
	"sync"
	"time"
)

var (
	errNotFound     = errors.New("MPA request not found")
	errSelfApproval = errors.New("MPA requests cannot be approved by their requestor")
)

// Action is the call a user wants to make once somebody else approves it.
type Action struct {
	User   string
	Method string
}

type storedAction struct {
	action       *Action
	lastModified time.Time
	approvers    []string
	approved     chan struct{}
}

type server struct {
	mu      sync.Mutex
	actions map[string]*storedAction
}

func newServer() *server {
	return &server{actions: make(map[string]*storedAction)}
}

// Store records an action under id; storing the same id again is a no-op.
func (s *server) Store(ctx context.Context, id string, action *Action) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.actions[id]; ok {
		return nil
	}
	s.actions[id] = &storedAction{
		action:       action,
		lastModified: time.Now(),
		approved:     make(chan struct{}),
	}
	return nil
}

// Approve adds approver to the action; the first approval releases waiters.
func (s *server) Approve(ctx context.Context, id, approver string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	act, ok := s.actions[id]
	if !ok {
		return errNotFound
	}
	if act.action.User == approver {
		return errSelfApproval
	}
	act.lastModified = time.Now()
	act.approvers = append(act.approvers, approver)
	if len(act.approvers) == 1 {
		close(act.approved)
	}
	return nil
}

// WaitForApproval blocks until the action is approved, the context ends, or
// the action disappears from the store (checked once a minute).
func (s *server) WaitForApproval(ctx context.Context, id string) error {
	for {
		s.mu.Lock()
		act, ok := s.actions[id]
		s.mu.Unlock()
		if !ok {
			return errNotFound
		}
		select {
		case <-act.approved:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Minute):
			// look the request up again in case it was cleared
		}
	}
}

// Get returns the action and who approved it so far.
func (s *server) Get(ctx context.Context, id string) (*Action, []string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	act, ok := s.actions[id]
	if !ok {
		return nil, nil, errNotFound
	}
	return act.action, act.approvers, nil
}

// Clear forgets the action.
func (s *server) Clear(ctx context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.actions, id)
	return nil
}

var serverSingleton = newServer()

// AuthzHook runs on every incoming call that names an MPA request and copies
// the request's approvers into the authorization input.
func AuthzHook(ctx context.Context, mpaID, method string) ([]string, error) {
	if mpaID == "" {
		return nil, nil
	}
	action, approvers, err := serverSingleton.Get(ctx, mpaID)
	if err != nil {
		return nil, err
	}
	if action.Method != method {
		// a call the proxy makes on its own; not the one approved
		return nil, nil
	}
	return approvers, nil
}
