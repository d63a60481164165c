package contentrouter

import "context"

// FindProviders collects up to max providers of key, giving up when ctx is
// done, as the routing helpers and bitswap's provider query manager do. The
// query context is cancelled when it returns, however it stopped reading.
func FindProviders(ctx context.Context, r *contentRouter, key Cid, max int) []AddrInfo {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	var out []AddrInfo
	ch := r.FindProvidersAsync(ctx, key, max)
	for len(out) < max {
		select {
		case <-ctx.Done():
			return out
		case p, ok := <-ch:
			if !ok {
				return out
			}
			out = append(out, p)
		}
	}
	return out
}
