package ok

import "sync"

// Each widget locks only itself; a widget asks whatever has the focus, one of many types.
type Focusable interface {
	HasFocus() bool
}

type Button struct {
	mu      sync.Mutex
	focused bool
	focus   Focusable
	label   string
}

func (b *Button) HasFocus() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.focused
}

type Field struct {
	mu      sync.Mutex
	focused bool
	text    string
}

func (f *Field) HasFocus() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.focused
}

type Form struct {
	mu      sync.Mutex
	focused bool
	buttons []*Button
}

func (f *Form) HasFocus() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.focused
}

// shape: the focus may be any of three widget types: which lock the call takes is a guess
func (b *Button) Draw() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.focus != nil && b.focus.HasFocus() {
		return "[" + b.label + "]"
	}
	return b.label
}

func (f *Form) AddButton(label string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	b := &Button{label: label, focus: f}
	b.mu.Lock()
	b.focused = false
	b.mu.Unlock()
	f.buttons = append(f.buttons, b)
}
