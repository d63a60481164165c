//go:build !go1.9
// +build !go1.9

package ok

// shape: the variant for toolchains before go1.9, which no toolchain builds today: its value
// receivers copy an empty struct
type fieldCacher struct{}

func (c fieldCacher) Load(t interface{}) (interface{}, bool) {
	return nil, false
}

func (c fieldCacher) lookup(t string) (int, bool) {
	return 0, false
}
