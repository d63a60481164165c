package locker

import (
	"context"
	"errors"
	"time"
)

// Unlock releases a lock taken by TryLock.
type Unlock func() error

// Redis is the place-order TryLocker for clustered applications.
type Redis struct {
	redsync *Redsync
}

// NewRedis creates the distributed locker.
func NewRedis() *Redis {
	return &Redis{redsync: NewRedsync()}
}

// TryLock tries once to acquire the lock and returns the unlock func if successful.
// While the lock is held it is extended in the background.
func (r *Redis) TryLock(ctx context.Context, key string, maxlockduration time.Duration) (Unlock, error) {
	mutex := r.redsync.NewMutex(key, maxlockduration)
	if err := mutex.Lock(); err != nil {
		return nil, err
	}
	ticker := time.NewTicker(maxlockduration / 3)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			case <-ticker.C:
				mutex.Extend()
			}
		}
	}()

	return func() error {
		close(done)
		ticker.Stop()
		ok := mutex.Unlock()
		if !ok {
			return errors.New("unlock unsuccessful")
		}
		return nil
	}, nil
}
