module example.com/dns-pr245

go 1.22
