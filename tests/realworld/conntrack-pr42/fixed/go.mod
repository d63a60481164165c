module example.com/conntrack-pr42

go 1.22
