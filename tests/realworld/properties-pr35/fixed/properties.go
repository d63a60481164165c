package properties

import (
	"fmt"
	"log"
	"strings"
)

// Properties is a reduced key/value store standing in for the library's type.
type Properties struct {
	m map[string]string
}

// NewProperties returns an empty set of properties.
func NewProperties() *Properties {
	return &Properties{m: map[string]string{}}
}

// Merge copies the keys of other into p.
func (p *Properties) Merge(other *Properties) {
	for k, v := range other.m {
		p.m[k] = v
	}
}

// LogPrintf is the hook the library logs through.
var LogPrintf = log.Printf

// parse reads key=value lines.
func parse(input string) (*Properties, error) {
	p := NewProperties()
	for _, line := range strings.Split(input, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fmt.Errorf("properties: malformed line %q", line)
		}
		p.m[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}
	return p, nil
}
