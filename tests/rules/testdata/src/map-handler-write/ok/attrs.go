package ok

import (
	"encoding/json"
	"io"
)

// normalizeAttrs fills in what a request body left out. It only ever sees the map its caller
// has just decoded, one per request.
func normalizeAttrs(attrs map[string]interface{}) map[string]interface{} {
	if attrs["tags"] == nil {
		attrs["tags"] = []string{}
	}
	if _, ok := attrs["owner"]; !ok {
		attrs["owner"] = "nobody"
	}
	return attrs
}

func decodeAttrs(body io.Reader) (map[string]interface{}, error) {
	attrs := make(map[string]interface{})
	if err := json.NewDecoder(body).Decode(&attrs); err != nil {
		return nil, err
	}
	return normalizeAttrs(attrs), nil
}
