module leakproof

go 1.22
