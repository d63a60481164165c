module example.com/receptor-436

go 1.22
