module example.com/storetheindex-pr606

go 1.22
