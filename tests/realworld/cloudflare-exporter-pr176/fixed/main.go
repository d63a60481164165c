// Command cloudflare_exporter, reduced to one scrape: fetchMetrics queries
// the Cloudflare APIs in parallel and waits for every query to finish.
package main

import "sync"

func filterNonFreePlanZones(zones []zone) []zone {
	var filtered []zone
	for _, z := range zones {
		if z.Plan != "free" {
			filtered = append(filtered, z)
		}
	}
	return filtered
}

func fetchMetrics() {
	var wg sync.WaitGroup
	accounts := fetchAccounts()

	for _, a := range accounts {
		wg.Add(1)
		go fetchWorkerAnalytics(a, &wg)
		wg.Add(1)
		go fetchLogpushAnalyticsForAccount(a, &wg)
	}

	filteredZones := fetchZones(accounts)
	if !cfgFreeTier {
		filteredZones = filterNonFreePlanZones(filteredZones)
	}

	zoneCount := len(filteredZones)
	if zoneCount > 0 && zoneCount <= cfgraphqlreqlimit {
		wg.Add(1)
		go fetchZoneAnalytics(filteredZones, &wg)
		wg.Add(1)
		go fetchZoneColocationAnalytics(filteredZones, &wg)
		wg.Add(1)
		go fetchLoadBalancerAnalytics(filteredZones, &wg)
	} else if zoneCount > cfgraphqlreqlimit {
		for s := 0; s < zoneCount; s += cfgraphqlreqlimit {
			e := s + cfgraphqlreqlimit
			if e > zoneCount {
				e = zoneCount
			}
			wg.Add(1)
			go fetchZoneAnalytics(filteredZones[s:e], &wg)
			wg.Add(1)
			go fetchZoneColocationAnalytics(filteredZones[s:e], &wg)
			wg.Add(1)
			go fetchLoadBalancerAnalytics(filteredZones[s:e], &wg)
		}
	}

	wg.Wait()
}

func main() {
	// runExporter calls fetchMetrics on every tick of the scrape interval
	fetchMetrics()
}
