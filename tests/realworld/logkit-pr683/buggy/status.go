package sql

// Status values shared by the reader and its data routine.
const (
	StatusInit int32 = iota
	StatusRunning
	StatusStopping
	StatusStopped
)
