package route

import (
	"encoding/json"
	"net/http"

	"example.com/refinery-pr7/collect"
	"example.com/refinery-pr7/types"
)

// Router accepts spans over HTTP; net/http serves every request on its own
// goroutine, so the collector's AddSpan runs concurrently for many spans.
type Router struct {
	Collector collect.Collector
}

func (r *Router) LnS(addr string) error {
	mux := http.NewServeMux()
	mux.HandleFunc("/1/events/", r.event)
	return http.ListenAndServe(addr, mux)
}

func (r *Router) event(w http.ResponseWriter, req *http.Request) {
	var data map[string]interface{}
	if err := json.NewDecoder(req.Body).Decode(&data); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	traceID, _ := data["trace.trace_id"].(string)
	if traceID == "" {
		w.WriteHeader(http.StatusAccepted)
		return
	}
	sp := &types.Span{
		Event: types.Event{
			APIKey:  req.Header.Get("X-Honeycomb-Team"),
			Dataset: req.URL.Path[len("/1/events/"):],
			Data:    data,
		},
		TraceID: traceID,
	}
	r.Collector.AddSpan(sp)
	w.WriteHeader(http.StatusAccepted)
}
