package ok

import (
	"sync"
	"testing"
)

// shape: tests that derive their configurations from shared ones by copying them: the tests run
// one at a time and start nothing before the copy, so nothing holds the lock being copied.

type tlsConfig struct {
	mu          sync.RWMutex
	NonBlocking bool
	keys        []string
}

var baseConfig *tlsConfig

func init() {
	baseConfig = &tlsConfig{keys: []string{"k1"}}
}

func TestNonBlockingHandshake(t *testing.T) {
	conf := *baseConfig
	conf.NonBlocking = true
	if !conf.NonBlocking || len(conf.keys) != 1 {
		t.Fatal("copy lost its settings")
	}
}
