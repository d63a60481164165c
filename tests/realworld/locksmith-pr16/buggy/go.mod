module example.com/locksmith-pr16

go 1.22
