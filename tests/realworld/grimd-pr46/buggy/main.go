package main

import "example.com/grimd-pr46/dns"

func main() {
	h := NewHandler(func(req *dns.Msg) (*dns.Msg, error) {
		return &dns.Msg{Question: req.Question, Answer: []dns.RR{&dns.A{Hdr: dns.RR_Header{Ttl: 60}}}}, nil
	})
	_ = h
}
