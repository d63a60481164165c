package sample

import (
	"fmt"
	"hash/crc32"

	"example.com/refinery-pr7/types"
)

// Sampler decides the sample rate of a trace and whether to keep it.
type Sampler interface {
	GetSampleRate(trace *types.Trace) (rate uint, keep bool)
}

// DynamicSampler keys its decision on a field of the trace's spans.
type DynamicSampler struct {
	FieldName string
	Rate      uint
}

func (d *DynamicSampler) GetSampleRate(trace *types.Trace) (uint, bool) {
	key := ""
	for _, sp := range trace.Spans {
		// a span can come out of the list as nil when it is appended to
		// while we walk it
		if sp == nil {
			continue
		}
		if v, ok := sp.Data[d.FieldName]; ok {
			key = fmt.Sprint(v)
			break
		}
	}
	rate := d.Rate
	if rate < 1 {
		rate = 1
	}
	sum := crc32.ChecksumIEEE([]byte(key + trace.TraceID))
	return rate, sum%uint32(rate) == 0
}
