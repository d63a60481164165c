package replication

const (
	ROTATE_EVENT             byte = 0x04
	FORMAT_DESCRIPTION_EVENT byte = 0x0f
)

// BinLogFileHeader is the magic number every binlog file starts with.
var BinLogFileHeader = []byte{0xfe, 'b', 'i', 'n'}

type EventHeader struct {
	Timestamp uint32
	EventType byte
	LogPos    uint32
}

type RotateEvent struct {
	Position    uint64
	NextLogName []byte
}

type BinlogEvent struct {
	RawData []byte
	Header  *EventHeader
	Event   interface{}
}
