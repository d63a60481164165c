package internal

import (
	"net"
	"net/http"
)

type httpHandler struct {
	db   *Database
	apns *Apns
}

// NewHttpSocket serves the dovecot plugin's requests; net/http runs every
// request on its own goroutine.
func NewHttpSocket(l net.Listener, db *Database, apns *Apns) {
	h := &httpHandler{db: db, apns: apns}
	mux := http.NewServeMux()
	mux.HandleFunc("/notify", h.handleNotify)
	go http.Serve(l, mux)
}

func (h *httpHandler) handleNotify(w http.ResponseWriter, r *http.Request) {
	username := r.FormValue("Username")
	mailbox := r.FormValue("Mailbox")
	if !h.db.UserExists(username) {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	for _, reg := range h.db.FindRegistrations(username, mailbox) {
		h.apns.SendNotification(reg, r.FormValue("Events") != "MessageNew")
	}
	w.WriteHeader(http.StatusOK)
}
