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
		custom["details"] = states
		custom["status"] = "ok"
		if failed {
			custom["status"] = "failed"
			rw.WriteHeader(http.StatusInternalServerError)
		}
		_ = json.NewEncoder(rw).Encode(custom)
	}
}
