module example.com/loki-pr22073

go 1.22
