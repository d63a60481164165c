package vcs

import (
	"sort"
	"sync"
)

// UpDevel returns the names of the -git packages whose sources moved.
func UpDevel(store InfoStore) []string {
	var (
		mu       sync.Mutex
		wg       sync.WaitGroup
		toUpdate []string
	)
	checkUpdate := func(pkgName string, e SHAInfos) {
		defer wg.Done()
		if e.NeedsUpdate() {
			mu.Lock()
			toUpdate = append(toUpdate, pkgName)
			mu.Unlock()
		}
	}
	for pkgName, e := range store {
		wg.Add(1)
		go checkUpdate(pkgName, e)
	}
	wg.Wait()
	sort.Strings(toUpdate)
	return toUpdate
}
