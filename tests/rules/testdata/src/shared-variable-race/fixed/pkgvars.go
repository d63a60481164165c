package fixed

import (
	"sync"
	"time"
)

// The janitor takes the package-level mutex like every other access.
var (
	statsMu      sync.Mutex
	statRequests int
	statLastSeen time.Time
)

func RecordRequest() {
	statsMu.Lock()
	statRequests++
	statLastSeen = time.Now()
	statsMu.Unlock()
}

func RequestStats() (int, time.Time) {
	statsMu.Lock()
	defer statsMu.Unlock()
	return statRequests, statLastSeen
}

func StartStatsJanitor(every time.Duration) {
	go resetStats(every)
}

func resetStats(every time.Duration) {
	for {
		time.Sleep(every)
		statsMu.Lock()
		statRequests = 0
		statsMu.Unlock()
	}
}
