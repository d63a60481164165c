package leadercast

import "fmt"

// DutyType enumerates the validator duties.
type DutyType int

const (
	DutyUnknown DutyType = iota
	DutyAttester
	DutyProposer
)

// Duty is a validator duty of one type in one slot.
type Duty struct {
	Slot int
	Type DutyType
}

func (d Duty) String() string {
	return fmt.Sprintf("%d/%d", d.Slot, d.Type)
}
