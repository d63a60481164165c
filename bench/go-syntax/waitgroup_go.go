// Go 1.25: sync.WaitGroup.Go (a library addition, but the call shape rules see first).

package gosyntax

import "sync"

func waitGroupGo(work []func()) {
	var wg sync.WaitGroup
	for _, w := range work {
		wg.Go(w)
	}
	wg.Go(func() {})
	wg.Wait()
}
