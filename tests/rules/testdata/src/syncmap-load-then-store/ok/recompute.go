package ok

import (
	"strings"
	"sync"
)

type normalized struct{ text string }

var normalizedCache sync.Map // raw -> *normalized

// shape: a stale or missing entry is rebuilt in the literal from the key itself; two
// goroutines rebuilding at once store equal entries, and replacing a stale one is the point,
// which LoadOrStore would not do
func normalize(raw string) *normalized {
	if v, ok := normalizedCache.Load(raw); ok {
		if n := v.(*normalized); n.text != "" {
			return n
		}
	}
	n := &normalized{text: strings.ToLower(raw)}
	normalizedCache.Store(raw, n)
	return n
}

func normalizeInline(raw string) string {
	if v, ok := normalizedCache.Load(raw); ok {
		return v.(*normalized).text
	}
	normalizedCache.Store(raw, &normalized{text: strings.TrimSpace(raw)})
	return strings.TrimSpace(raw)
}
