module example.com/argon_cracker-6

go 1.22
