package ok

import "net/http"

func Routes(a *API) *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/mime", mime)
	mux.HandleFunc("/echo", echoForm)
	mux.HandleFunc("/like", a.like)
	mux.HandleFunc("/likes", a.countLikes)
	mux.HandleFunc("/tag", a.tag)
	return mux
}
