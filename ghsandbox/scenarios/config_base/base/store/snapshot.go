package store

// Snapshot returns a copy of all stock levels.
//
// Deprecated: query single SKUs with Get.
func (s *Store) Snapshot() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.items))
	for sku, n := range s.items {
		out[sku] = n
	}
	return out
}
