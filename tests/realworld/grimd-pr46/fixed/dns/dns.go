// Package dns stands in for github.com/miekg/dns: a message and its answer
// records, each with a header carrying its TTL.
package dns

type RR_Header struct {
	Name string
	Ttl  uint32
}

type RR interface {
	Header() *RR_Header
}

type A struct {
	Hdr RR_Header
}

func (a *A) Header() *RR_Header { return &a.Hdr }

type Question struct {
	Name  string
	Qtype uint16
}

type Msg struct {
	Question []Question
	Answer   []RR
}

type ResponseWriter interface {
	WriteMsg(*Msg) error
}
