package buggy

import "sync"

// File takes dataMu before mapsMu in Truncate, and mapsMu before dataMu in Unmap.
type File struct {
	dataMu   sync.Mutex
	mapsMu   sync.Mutex
	size     uint64
	mappings map[uint64]bool
}

func (f *File) Truncate(size uint64) {
	f.dataMu.Lock()
	f.setSize(size)
}

// setSize lets go of dataMu only when nothing shrinks: a shrink takes mapsMu with dataMu held.
func (f *File) setSize(size uint64) {
	old := f.size
	f.size = size
	if size >= old {
		f.dataMu.Unlock()
		return
	}
	f.mapsMu.Lock()
	for off := range f.mappings {
		if off >= size {
			delete(f.mappings, off)
		}
	}
	f.mapsMu.Unlock()
	f.dataMu.Unlock()
}

func (f *File) Unmap(off uint64) {
	f.mapsMu.Lock()
	defer f.mapsMu.Unlock()
	delete(f.mappings, off)
	f.dataMu.Lock() // want "lock-order-inversion: Lock-order inversion"
	f.size = off
	f.dataMu.Unlock()
}
