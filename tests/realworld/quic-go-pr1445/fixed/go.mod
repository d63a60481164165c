module example.com/quic-go-pr1445

go 1.22
