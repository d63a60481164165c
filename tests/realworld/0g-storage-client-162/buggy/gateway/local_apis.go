package gateway

import (
	"encoding/json"
	"net/http"
	"path/filepath"

	"example.com/0g-storage-client-162/core"
)

var LocalFileRepo = "."

// getLocalFileInfo serves one request of the local gateway: it opens the
// named file under the repository and reports its name and size.
func getLocalFileInfo(w http.ResponseWriter, r *http.Request) {
	filename := filepath.Join(LocalFileRepo, r.URL.Query().Get("path"))

	file, err := core.Open(filename)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	defer file.Close()

	_ = json.NewEncoder(w).Encode(map[string]interface{}{
		"name": file.Name(),
		"size": file.Size(),
	})
}

func Register(mux *http.ServeMux) {
	mux.HandleFunc("/file/info", getLocalFileInfo)
}
