package handlers

import (
	"encoding/json"
	"net/http"
)

type State struct {
	Name   string `json:"name"`
	Status string `json:"status"`
}

type IHealth interface {
	State() (map[string]State, bool, error)
}

func NewJSONHandlerFunc(h IHealth, custom map[string]interface{}) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		states, failed, err := h.State()
		if err != nil {
			rw.WriteHeader(http.StatusInternalServerError)
			return
		}
		// custom is shared by every request this handler serves: build a response of its own.
		resp := make(map[string]interface{}, len(custom)+2)
		for k, v := range custom {
			resp[k] = v
		}
		resp["details"] = states
		resp["status"] = "ok"
		if failed {
			resp["status"] = "failed"
			rw.WriteHeader(http.StatusInternalServerError)
		}
		_ = json.NewEncoder(rw).Encode(resp)
	}
}
