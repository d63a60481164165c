package sqleng

// Json is a small stand-in for the project's simplejson wrapper: a query
// model is a plain map, with no locking of its own.
type Json struct {
	data map[string]interface{}
}

// NewJson returns an empty model.
func NewJson() *Json {
	return &Json{data: make(map[string]interface{})}
}

// Set stores a value in the model.
func (j *Json) Set(key string, val interface{}) {
	j.data[key] = val
}

// MustString returns the value of key as a string, or def.
func (j *Json) MustString(key string, def string) string {
	if s, ok := j.data[key].(string); ok {
		return s
	}
	return def
}
