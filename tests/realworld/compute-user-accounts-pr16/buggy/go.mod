module example.com/compute-user-accounts-pr16

go 1.22
