module example.com/loki-13735

go 1.22
