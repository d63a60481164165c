// Struct tags (interpreted and raw strings), on named, embedded and generic fields.

package gosyntax

import "encoding/json"

type Base[T any] struct {
	ID T `json:"id,omitzero"`
}

type Record struct {
	Base[int]     `json:",inline"`
	*json.Decoder "json:\"-\""
	Name          string   `json:"name" yaml:"name,omitempty" validate:"required"`
	Alias, Nick   string   `yaml:",omitempty"`
	Tags          []string `json:"tags,omitempty"`
	Nested        struct {
		Raw json.RawMessage `json:"raw,omitempty"`
	} `json:"nested"`
	_ struct{} `json:"-"`
}
