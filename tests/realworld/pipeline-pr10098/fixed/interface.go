package framework

import (
	"context"
	"fmt"
	"time"
)

// Param is one parameter of a resolution request.
type Param struct {
	Name  string
	Value string
}

// ResolutionRequest asks a resolver to fetch a remote resource.
type ResolutionRequest struct {
	Namespace string
	Name      string
	Params    []Param
	done      bool
}

// IsDone reports whether the request already succeeded or failed.
func (rr *ResolutionRequest) IsDone() bool { return rr.done }

// ResolvedResource is what a resolver returns.
type ResolvedResource interface {
	Data() []byte
	Annotations() map[string]string
}

// Resolver is implemented by each type-specific resolver (git, bundles, http...).
type Resolver interface {
	GetName(ctx context.Context) string
	ValidateParams(ctx context.Context, params []Param) error
	Resolve(ctx context.Context, params []Param) (ResolvedResource, error)
}

// TimedResolution lets a resolver choose its own resolution timeout.
type TimedResolution interface {
	GetResolutionTimeout(ctx context.Context, defaultTimeout time.Duration, params map[string]string) (time.Duration, error)
}

// RequestStore is the part of the API client the reconciler needs.
type RequestStore interface {
	Get(namespace, name string) (*ResolutionRequest, error)
	MarkFailed(rr *ResolutionRequest, reason string) error
	PatchData(rr *ResolutionRequest, data []byte, annotations map[string]string) error
}

// InvalidRequestError reports parameters the resolver rejected.
type InvalidRequestError struct {
	Key     string
	Message string
}

func (e *InvalidRequestError) Error() string {
	return fmt.Sprintf("invalid resource request %q: %s", e.Key, e.Message)
}

// GetResourceError reports a failed fetch.
type GetResourceError struct {
	ResolverName string
	Key          string
	Original     error
}

func (e *GetResourceError) Error() string {
	return fmt.Sprintf("error getting %q %q: %v", e.ResolverName, e.Key, e.Original)
}
