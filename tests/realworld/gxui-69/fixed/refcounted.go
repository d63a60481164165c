package gl

import (
	"fmt"
	"sync/atomic"
)

type refCounted struct {
	refCount uint32
	release  func()
}

func (r *refCounted) init(release func()) {
	r.refCount = 1
	r.release = release
}

func (r *refCounted) assertAlive(funcName string) {
	if atomic.LoadUint32(&r.refCount) <= 0 {
		panic(fmt.Errorf("attempting to call %s on a released object", funcName))
	}
}

func (r *refCounted) acquire() {
	r.assertAlive("acquire")
	atomic.AddUint32(&r.refCount, 1)
}

func (r *refCounted) Release() bool {
	r.assertAlive("Release")
	if atomic.AddUint32(&r.refCount, ^uint32(0)) == 0 {
		if r.release != nil {
			r.release()
		}
		return true
	}
	return false
}
