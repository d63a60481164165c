package inventory

import (
	"net/http"
	"sync"
)

var hits = map[string]int{}

// Count is registered with http.HandleFunc in main.
func Count(w http.ResponseWriter, r *http.Request) {
	hits[r.URL.Path]++
}

// FetchPrices asks every supplier at once.
func FetchPrices(skus []string, quote func(string) int) map[string]int {
	prices := map[string]int{}
	var wg sync.WaitGroup
	for _, sku := range skus {
		wg.Add(1)
		go func(sku string) {
			defer wg.Done()
			prices[sku] = quote(sku)
		}(sku)
	}
	wg.Wait()
	return prices
}

type session struct{ user string }

var sessions sync.Map

// Session returns the one session of a user.
func Session(user string) *session {
	if _, ok := sessions.Load(user); !ok {
		sessions.Store(user, &session{user: user})
	}
	v, _ := sessions.Load(user)
	return v.(*session)
}
