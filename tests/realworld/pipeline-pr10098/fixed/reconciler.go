package framework

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Reconciler handles ResolutionRequest objects and delegates the fetch to
// its type-specific resolver.
type Reconciler struct {
	resolver Resolver
	requests RequestStore
}

// NewReconciler returns a reconciler for one resolver.
func NewReconciler(resolver Resolver, requests RequestStore) *Reconciler {
	return &Reconciler{resolver: resolver, requests: requests}
}

// defaultMaximumResolutionDuration is the longest a call to Resolve may take
// unless the resolver implements TimedResolution.
const defaultMaximumResolutionDuration = time.Minute

// Reconcile looks the request up by its key and resolves it.
func (r *Reconciler) Reconcile(ctx context.Context, key string) error {
	namespace, name, ok := strings.Cut(key, "/")
	if !ok {
		return fmt.Errorf("invalid resource key %q", key)
	}
	rr, err := r.requests.Get(namespace, name)
	if err != nil {
		return err
	}
	if rr.IsDone() {
		return nil
	}
	return r.resolve(ctx, key, rr)
}

func (r *Reconciler) resolve(ctx context.Context, key string, rr *ResolutionRequest) error {
	errChan := make(chan error, 1)
	resourceChan := make(chan ResolvedResource, 1)

	paramsMap := make(map[string]string)
	for _, p := range rr.Params {
		paramsMap[p.Name] = p.Value
	}

	timeoutDuration := defaultMaximumResolutionDuration
	if timed, ok := r.resolver.(TimedResolution); ok {
		var err error
		timeoutDuration, err = timed.GetResolutionTimeout(ctx, defaultMaximumResolutionDuration, paramsMap)
		if err != nil {
			return err
		}
	}

	// A separate context bounds the resolution without affecting the
	// updates of the request made with ctx.
	resolutionCtx, cancelFn := context.WithTimeout(ctx, timeoutDuration)
	defer cancelFn()

	go func() {
		if err := r.resolver.ValidateParams(resolutionCtx, rr.Params); err != nil {
			errChan <- &InvalidRequestError{Key: key, Message: err.Error()}
			return
		}
		resource, err := r.resolver.Resolve(resolutionCtx, rr.Params)
		if err != nil {
			errChan <- &GetResourceError{
				ResolverName: r.resolver.GetName(resolutionCtx),
				Key:          key,
				Original:     err,
			}
			return
		}
		resourceChan <- resource
	}()

	select {
	case err := <-errChan:
		if err != nil {
			return r.OnError(rr, err)
		}
	case <-resolutionCtx.Done():
		if err := resolutionCtx.Err(); err != nil {
			return r.OnError(rr, err)
		}
	case resource := <-resourceChan:
		return r.writeResolvedData(rr, resource)
	}

	return errors.New("unknown error")
}

// OnError marks the request as failed.
func (r *Reconciler) OnError(rr *ResolutionRequest, err error) error {
	if err != nil {
		_ = r.requests.MarkFailed(rr, err.Error())
	}
	return err
}

func (r *Reconciler) writeResolvedData(rr *ResolutionRequest, resource ResolvedResource) error {
	if err := r.requests.PatchData(rr, resource.Data(), resource.Annotations()); err != nil {
		return r.OnError(rr, err)
	}
	return nil
}
