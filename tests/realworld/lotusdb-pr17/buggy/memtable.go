package lotusdb

type memOptions struct {
	path    string
	fid     uint32
	memSize int64
}

// memtable stands in for the skiplist and its write-ahead log.
type memtable struct {
	fid   uint32
	size  int64
	limit int64
	data  map[string][]byte
}

func openMemtable(opts memOptions) (*memtable, error) {
	return &memtable{fid: opts.fid, limit: opts.memSize, data: make(map[string][]byte)}, nil
}

func (mt *memtable) put(key, value []byte) {
	mt.data[string(key)] = value
	mt.size += int64(len(key) + len(value))
}

func (mt *memtable) isFull() bool { return mt.size >= mt.limit }

func (mt *memtable) logFileId() uint32 { return mt.fid }

func (mt *memtable) entries() map[string][]byte { return mt.data }
